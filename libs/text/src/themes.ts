import { fold } from './fold';

/**
 * Themes a visitor recognises ("war", "dance"), with their names in each explanation language and the
 * words that announce them in the synopses' languages. A film has a theme when one of its genres or tags
 * names it, or one of its synopses (any language) uses one of its words; two films sharing a theme can then
 * be explained in the reader's language whatever languages their synopses are in ("Ook over oorlog en
 * verzet" under a Dutch page, for an English film). Words are folded (lower case, no accents); a word ending
 * in `*` matches every word starting with it ("oorlog*": oorlogen, oorlogsfilm), else the exact word.
 */
export interface Theme {
  id: string;
  labels: { en: string; nl: string; fr: string };
  genres?: string[];
  words: string[];
}

export const THEMES: readonly Theme[] = [
  {
    id: 'war',
    labels: { en: 'war', nl: 'oorlog', fr: 'la guerre' },
    genres: ['War'],
    words: [
      'war',
      'wars',
      'wartime',
      'warfare',
      'warzone',
      'oorlog*',
      'guerre*',
      'guerra*',
      'krieg*',
      'krig*',
      'wojn*',
      'soldier*',
      'soldaat',
      'soldaten',
      'soldat*',
      'soldado*',
      'soldato',
      'soldati',
      'army',
      'armies',
      'troops',
      'battle*',
      'bataille*',
      'battaglia',
      'batalla',
      'slagveld',
      'invasion',
      'invasie',
      'invasione',
      'invasión',
      'bombing*',
      'bombard*',
      'frontline',
    ],
  },
  {
    id: 'resistance',
    labels: { en: 'resistance', nl: 'verzet', fr: 'la résistance' },
    words: ['resistance', 'verzet*', 'resistenza', 'resistencia', 'partisan*', 'partizan*', 'widerstand*', 'insurgen*', 'uprising'],
  },
  {
    id: 'occupation',
    labels: { en: 'occupation', nl: 'bezetting', fr: "l'occupation" },
    words: ['occupation', 'occupied', 'bezetting', 'bezet', 'bezetter*', 'occupazione', 'ocupacion', 'besatzung*', 'occupant*'],
  },
  {
    id: 'holocaust',
    labels: { en: 'the Holocaust', nl: 'de Holocaust', fr: "l'Holocauste" },
    words: ['holocaust*', 'shoah', 'nazi*', 'concentratiekamp*', 'auschwitz', 'ghetto*', 'jodenvervolging', 'deportat*', 'deportee*'],
  },
  {
    id: 'dance',
    labels: { en: 'dance', nl: 'dans', fr: 'la danse' },
    words: [
      'dance',
      'dances',
      'dancer*',
      'dancing',
      'danced',
      'ballet*',
      'ballerin*',
      'choreogra*',
      'danse',
      'danses',
      'danseu*',
      'danser',
      'dansers',
      'dansen',
      'danseres',
      'dansgroep',
      'dansgezelschap',
      'tanz*',
      'tanc*',
      'taniec',
      'danza',
      'danzare',
      'ballo',
      'bailar*',
      'baile',
      'bailes',
      'dancar',
      'danca',
      'troupe',
    ],
  },
  {
    id: 'theatre',
    labels: { en: 'the stage', nl: 'het podium', fr: 'la scène' },
    words: [
      'stage',
      'podium',
      'theatre',
      'theater*',
      'theatr*',
      'teatro',
      'actress*',
      'actrice',
      'performance*',
      'optreden*',
      'voorstelling*',
      'spectacle',
      'backstage',
    ],
  },
  {
    id: 'music',
    labels: { en: 'music', nl: 'muziek', fr: 'la musique' },
    genres: ['Music'],
    words: [
      'music',
      'musician*',
      'muziek*',
      'muzikant*',
      'musique*',
      'musicien*',
      'musica*',
      'musik*',
      'muzyk*',
      'singer*',
      'zanger*',
      'chanteu*',
      'band',
      'concert*',
      'orchestr*',
      'orkest*',
    ],
  },
  {
    id: 'art',
    labels: { en: 'art', nl: 'kunst', fr: "l'art" },
    words: [
      'artist*',
      'painter*',
      'painting*',
      'kunstenaar*',
      'schilder*',
      'artiste*',
      'peintre*',
      'pittor*',
      'pintor*',
      'maler*',
      'sculpt*',
      'beeldhouw*',
    ],
  },
  {
    id: 'identity',
    labels: { en: 'gender identity', nl: 'genderidentiteit', fr: 'l’identité de genre' },
    words: ['transgender', 'gender', 'genderidentiteit', 'queer', 'lgbt*', 'gay', 'lesbian*', 'homosexu*', 'homoseksu*'],
  },
  {
    id: 'migration',
    labels: { en: 'migration', nl: 'migratie', fr: 'la migration' },
    words: [
      'migra*',
      'immigra*',
      'emigra*',
      'refugee*',
      'vluchteling*',
      'refugie*',
      'rifugiat*',
      'refugiad*',
      'fluchtling*',
      'asylum',
      'asiel*',
      'exile',
      'ballingschap',
    ],
  },
  {
    id: 'religion',
    labels: { en: 'faith', nl: 'geloof', fr: 'la foi' },
    words: [
      'religio*',
      'geloof*',
      'faith',
      'priest*',
      'priester*',
      'pretre',
      'nun',
      'nuns',
      'kerk',
      'church',
      'eglise',
      'chiesa',
      'iglesia',
      'pelgrim*',
      'pilgrim*',
    ],
  },
  {
    id: 'sport',
    labels: { en: 'sport', nl: 'sport', fr: 'le sport' },
    words: [
      'sport*',
      'football*',
      'voetbal*',
      'boxing',
      'boxer',
      'bokser*',
      'boxeur*',
      'athlet*',
      'atleet',
      'olympi*',
      'wielren*',
      'cycling',
      'tennis',
    ],
  },
  {
    id: 'politics',
    labels: { en: 'politics', nl: 'politiek', fr: 'la politique' },
    words: [
      'politic*',
      'politiek*',
      'politique*',
      'politica*',
      'politik*',
      'dictator*',
      'dictatuur',
      'dictature',
      'regime*',
      'revolution*',
      'revolutie*',
      'rivoluzion*',
      'revolucion*',
    ],
  },
  {
    id: 'history',
    labels: { en: 'history', nl: 'geschiedenis', fr: "l'histoire" },
    genres: ['History'],
    words: ['historical', 'historisch*', 'historique*', 'storico', 'historico', 'geschichte', 'century', 'eeuw'],
  },
  {
    id: 'survival',
    labels: { en: 'survival', nl: 'overleven', fr: 'la survie' },
    words: ['survival', 'survive*', 'overleven', 'overleving*', 'survie', 'sopravviv*', 'supervivencia', 'uberleben*'],
  },
  {
    id: 'childhood',
    labels: { en: 'growing up', nl: 'opgroeien', fr: "l'adolescence" },
    words: [
      'teenage*',
      'adolescen*',
      'coming-of-age',
      'puberteit',
      'tiener*',
      'opgroei*',
      'jeugd',
      'childhood',
      'enfance',
      'infanzia',
      'infancia',
      'kindheit',
      'jugend*',
    ],
  },
  {
    id: 'crime',
    labels: { en: 'crime', nl: 'misdaad', fr: 'le crime' },
    genres: ['Crime'],
    words: [
      'crime',
      'crimes',
      'criminal*',
      'misdaad',
      'misdadig*',
      'crimin*',
      'gangster*',
      'mafia*',
      'maffia',
      'heist',
      'robbery',
      'overval*',
    ],
  },
  {
    id: 'nature',
    labels: { en: 'nature', nl: 'de natuur', fr: 'la nature' },
    words: [
      'wilderness',
      'forest*',
      'woods',
      'bos',
      'bossen',
      'wildernis',
      'foret*',
      'natur*',
      'wildlife',
      'animals',
      'dieren',
      'mountain*',
      'bergen',
    ],
  },
  {
    id: 'friendship',
    labels: { en: 'friendship', nl: 'vriendschap', fr: "l'amitié" },
    words: ['friendship*', 'vriendschap*', 'amitie*', 'amicizia', 'amistad', 'freundschaft*', 'venskab*', 'przyjazn*'],
  },
  {
    id: 'family',
    labels: { en: 'family', nl: 'familie', fr: 'la famille' },
    genres: ['Family'],
    words: ['family', 'families', 'familie*', 'gezin*', 'famille*', 'famiglia', 'familia*', 'rodzin*'],
  },
  {
    id: 'love',
    labels: { en: 'love', nl: 'liefde', fr: "l'amour" },
    genres: ['Romance'],
    words: ['love', 'lovers', 'liefde*', 'verliefd*', 'amour*', 'amore', 'amor', 'liebe', 'milosc', 'romance'],
  },
];

const PREFIXES: { theme: number; prefix: string }[] = [];
const EXACT = new Map<string, number[]>();
THEMES.forEach((theme, index) => {
  for (const word of theme.words) {
    const folded = fold(word);
    if (folded.endsWith('*')) PREFIXES.push({ theme: index, prefix: folded.slice(0, -1) });
    else EXACT.set(folded, [...(EXACT.get(folded) ?? []), index]);
  }
});
/** Prefixes by their first characters: a word is tested against a handful of prefixes, not all of them (a film's themes are found for every film an edition picks). */
const PREFIX_START = Math.min(...PREFIXES.map(({ prefix }) => prefix.length));
const PREFIXES_BY_START = new Map<string, { theme: number; prefix: string }[]>();
for (const entry of PREFIXES) {
  const start = entry.prefix.slice(0, PREFIX_START);
  PREFIXES_BY_START.set(start, [...(PREFIXES_BY_START.get(start) ?? []), entry]);
}
const GENRES = new Map<string, number[]>();
THEMES.forEach((theme, index) => {
  for (const genre of theme.genres ?? []) GENRES.set(fold(genre), [...(GENRES.get(fold(genre)) ?? []), index]);
});

/** Theme ids of a film from its texts (synopses, in any language), genres and tags, in THEMES order. */
export const themesOf = (texts: readonly string[], genres: readonly string[] = [], tags: readonly string[] = []): string[] => {
  const found = new Set<number>();
  for (const genre of genres) for (const index of GENRES.get(fold(genre)) ?? []) found.add(index);
  const words = [...texts, ...tags].flatMap((text) => fold(text).match(/\p{L}[\p{L}\p{N}-]*/gu) ?? []);
  for (const word of new Set(words)) {
    for (const index of EXACT.get(word) ?? []) found.add(index);
    for (const { theme, prefix } of PREFIXES_BY_START.get(word.slice(0, PREFIX_START)) ?? []) if (word.startsWith(prefix)) found.add(theme);
  }
  return [...found].sort((a, b) => a - b).map((index) => THEMES[index].id);
};

const BY_ID = new Map(THEMES.map((theme) => [theme.id, theme]));

/** A theme's name in one of the explanation languages (English when the language has none). */
export const themeLabel = (id: string, language: string): string => {
  const theme = BY_ID.get(id);
  if (!theme) throw new Error(`unknown theme ${id}`);
  return theme.labels[language as keyof Theme['labels']] ?? theme.labels.en;
};
