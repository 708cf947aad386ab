/** Case- and accent-insensitive form of a text, for matching names typed by people ("Liège" = "liege"). */
export const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase();

/** Primary language subtag: `nl-BE` → `nl`. */
export const primaryLanguage = (tag: string): string => tag.split('-')[0].toLowerCase();
