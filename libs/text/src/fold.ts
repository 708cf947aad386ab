/** Case- and accent-insensitive form of a text, for matching names typed by people ("Liège" = "liege"). */
export const fold = (text: string): string =>
  // Printable ASCII has no marks to strip: most words and names skip the Unicode normalisation.
  (PRINTABLE_ASCII.test(text) ? text : text.normalize('NFD').replace(/\p{M}/gu, '')).trim().toLowerCase();

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Primary language subtag: `nl-BE` → `nl`. */
export const primaryLanguage = (tag: string): string => tag.split('-')[0].toLowerCase();
