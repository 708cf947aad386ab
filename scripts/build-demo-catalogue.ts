/**
 * Builds libs/demo-catalogue/data/films.json from shared/data (run with `npm run demo:build`).
 * The selection is deterministic: the same input files always give the same output, so the
 * committed file only changes when the rules below change.
 *
 * Usage: npm run demo:build [-- <shared data dir>]   (default: ../shared/data next to the repo)
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FilmSchema, type FilmInput, validate } from '@marquee/domain';
import type { TmdbFilm } from '../bench/support/catalog';

/** One line of catalog/films_tmdb10k.jsonl, as the benchmarks read it too. */
type CatalogueFilm = TmdbFilm;

interface SynopsisPair {
  tmdbId: number;
  overviews: Record<string, string>;
  titles: Record<string, string>;
  enSource: 'tmdb10k' | 'tmdb5000';
}

interface MonolingualFilm {
  tmdbId: number;
  lang: string;
  title: string;
  overview: string;
  releaseDate: string;
}

const TARGET_CATALOGUE_FILMS = 350;
const MAX_TAGS = 12;
/** Films with a second-language synopsis, so cross-lingual matching shows in the demo. */
const PAIR_QUOTAS: Record<string, number> = { fr: 30, it: 22, es: 16, de: 14, pt: 7, da: 6, pl: 5 };
/** Films known only by a non-English synopsis. */
const MONOLINGUAL_QUOTAS: Record<string, number> = { fr: 14, de: 10, it: 8, es: 8, da: 4, pl: 3, pt: 3 };

/**
 * Themes of the seed events, so that each of them has plausible neighbours in the demo.
 * A film qualifies when its overview matches; more distinct matching words rank it higher.
 */
const THEMES: { name: string; pattern: RegExp; count: number; genre?: string; language?: string }[] = [
  { name: 'dance (Backstage)', pattern: /\b(danc(e|er|ers|ing)|ballet|ballerina|choreograph\w*)\b/gi, count: 10 },
  { name: 'on tour and on stage (Backstage)', pattern: /\b(troupe|touring|backstage|on stage|performers?)\b/gi, count: 5 },
  { name: 'gender and identity (Julian)', pattern: /\b(transgender|gender|lgbt\w*|gay|lesbian|queer|coming out)\b/gi, count: 10 },
  {
    name: 'war and civilians (Invasion)',
    pattern: /\b(invasion|invaded|occupied|occupation|civilians?|resistance|siege|refugees?)\b/gi,
    count: 10,
    genre: 'War',
  },
  {
    name: 'father and daughter outdoors (Good One)',
    pattern: /\b(hiking|hike|camping|backpacking|trek|father and (his )?daughter|daughter and (her )?father|wilderness)\b/gi,
    count: 8,
    genre: 'Drama',
  },
  {
    name: 'life on the margins (Bird)',
    pattern: /\b(council estate|working[- ]class|teenage girl|squat|poverty|housing estate)\b/gi,
    count: 6,
    genre: 'Drama',
    language: 'en',
  },
];

/** Films close to the seed events, picked by hand so the demo's first answers are telling. */
const CURATED_IDS = [
  24469, // Fish Tank, Andrea Arnold (director of Bird)
  340485, // American Honey, Andrea Arnold
  515916, // Girl, Lukas Dhont: a Belgian film about a dancer and gender
  65229, // Tomboy: gender identity (Julian)
  71, // Billy Elliot: dance, working class
  44214, // Black Swan: a dance company behind the scenes (Backstage)
  443463, // Leave No Trace: father and daughter in the woods (Good One)
  394117, // The Florida Project: childhood on the margins (Bird)
  376867, // Moonlight: growing up and finding oneself (Julian)
  13384, // Kes: English working-class boyhood and a bird
  25237, // Come and See: an invasion seen by civilians (Invasion)
];

/** Popular, but out of place in a cinema and cultural listing: erotic romance series and a six-minute short. */
const EXCLUDED_IDS = new Set([537915, 613504, 744275, 696374, 724089, 761053, 664413, 337167, 341174, 399106]);

/**
 * TMDB original-language codes that name one production country with little doubt.
 * Languages spoken in several film countries (en, fr, de, es, pt, zh, nl, ar, ...) are left out on purpose.
 */
const COUNTRY_OF_LANGUAGE: Record<string, string> = {
  ja: 'JP',
  ko: 'KR',
  hi: 'IN',
  te: 'IN',
  ta: 'IN',
  ml: 'IN',
  bn: 'IN',
  it: 'IT',
  da: 'DK',
  pl: 'PL',
  sv: 'SE',
  no: 'NO',
  nb: 'NO',
  fi: 'FI',
  is: 'IS',
  tr: 'TR',
  th: 'TH',
  fa: 'IR',
  el: 'GR',
  cs: 'CZ',
  hu: 'HU',
  id: 'ID',
  et: 'EE',
  uk: 'UA',
  ro: 'RO',
};
/** TMDB codes that are not BCP-47 language tags: `cn` is TMDB's Cantonese, `xx` means no spoken language. */
const LANGUAGE_TAG_OF: Record<string, string | undefined> = { cn: 'yue', xx: undefined };

const readJsonLines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);

const yearOf = (date: string | undefined): number | undefined => {
  const year = Number(date?.slice(0, 4));
  return Number.isInteger(year) && year >= 1870 ? year : undefined;
};

/** Stable pseudo-random order for sampling files that are sorted by id. */
const sha1Rank = (id: number): string => createHash('sha1').update(String(id)).digest('hex');

const byVotesThenId = (a: CatalogueFilm, b: CatalogueFilm) => b.voteCount - a.voteCount || a.tmdbId - b.tmdbId;
const byPopularityThenId = (a: CatalogueFilm, b: CatalogueFilm) => b.popularity - a.popularity || a.tmdbId - b.tmdbId;

const languageTag = (code: string): string | undefined => (code in LANGUAGE_TAG_OF ? LANGUAGE_TAG_OF[code] : code);

const fromCatalogue = (film: CatalogueFilm, pair?: SynopsisPair): FilmInput => {
  const spoken = languageTag(film.originalLanguage);
  const country = COUNTRY_OF_LANGUAGE[film.originalLanguage];
  return {
    id: `tmdb-${film.tmdbId}`,
    titles: pair ? { ...pair.titles, en: pair.titles.en ?? film.title } : { en: film.title },
    synopses: pair ? { ...pair.overviews, en: film.overview } : { en: film.overview },
    ...(country ? { countries: [country] } : {}),
    ...(yearOf(film.releaseDate) ? { year: yearOf(film.releaseDate) } : {}),
    ...(spoken ? { spokenLanguages: [spoken] } : {}),
    genres: film.genres,
    tags: [...new Set(film.keywords)].slice(0, MAX_TAGS),
    url: `https://www.themoviedb.org/movie/${film.tmdbId}`,
    popularity: film.popularity,
  };
};

const fromMonolingual = (film: MonolingualFilm): FilmInput => ({
  id: `tmdb-${film.tmdbId}`,
  titles: { [film.lang]: film.title },
  synopses: { [film.lang]: film.overview },
  ...(yearOf(film.releaseDate) ? { year: yearOf(film.releaseDate) } : {}),
  url: `https://www.themoviedb.org/movie/${film.tmdbId}`,
});

const selectPairs = (pairs: SynopsisPair[], catalogue: Map<number, CatalogueFilm>): SynopsisPair[] => {
  const selected: SynopsisPair[] = [];
  for (const [language, quota] of Object.entries(PAIR_QUOTAS)) {
    const candidates = pairs
      .filter((pair) => pair.enSource === 'tmdb10k' && pair.overviews[language] && catalogue.has(pair.tmdbId))
      .sort((a, b) => byVotesThenId(catalogue.get(a.tmdbId)!, catalogue.get(b.tmdbId)!));
    selected.push(...candidates.slice(0, quota));
  }
  return selected;
};

const themeScore = (film: CatalogueFilm, pattern: RegExp): number =>
  new Set([...film.overview.matchAll(pattern)].map((match) => match[0].toLowerCase())).size;

const selectThemed = (catalogue: CatalogueFilm[], taken: Set<number>): CatalogueFilm[] => {
  const selected: CatalogueFilm[] = [];
  for (const theme of THEMES) {
    const matches = catalogue
      .filter((film) => !taken.has(film.tmdbId) && !EXCLUDED_IDS.has(film.tmdbId) && film.voteCount >= 100)
      .filter(
        (film) => (!theme.language || film.originalLanguage === theme.language) && (!theme.genre || film.genres.includes(theme.genre)),
      )
      .map((film) => ({ film, score: themeScore(film, theme.pattern) }))
      .filter(({ score }) => score > 0)
      .sort((a, b) => b.score - a.score || byVotesThenId(a.film, b.film))
      .slice(0, theme.count)
      .map(({ film }) => film);
    for (const film of matches) taken.add(film.tmdbId);
    selected.push(...matches);
  }
  return selected;
};

/** Round-robin over genres, alternating each genre's most popular and best-rated films. */
const selectAcrossGenres = (catalogue: CatalogueFilm[], taken: Set<number>, count: number): CatalogueFilm[] => {
  const genres = [...new Set(catalogue.flatMap((film) => film.genres))].sort();
  const queues = genres.flatMap((genre) => {
    const inGenre = catalogue.filter((film) => film.genres.includes(genre) && !EXCLUDED_IDS.has(film.tmdbId));
    const popular = inGenre.filter((film) => film.voteCount >= 1500 && film.voteAverage >= 6.5).sort(byPopularityThenId);
    const acclaimed = inGenre.filter((film) => film.voteCount >= 1000).sort((a, b) => b.voteAverage - a.voteAverage || a.tmdbId - b.tmdbId);
    return [popular, acclaimed];
  });
  const selected: CatalogueFilm[] = [];
  const cursors = queues.map(() => 0);
  while (selected.length < count && queues.some((queue, i) => cursors[i] < queue.length)) {
    queues.forEach((queue, i) => {
      while (selected.length < count && cursors[i] < queue.length) {
        const film = queue[cursors[i]++];
        if (taken.has(film.tmdbId)) continue;
        taken.add(film.tmdbId);
        selected.push(film);
        break;
      }
    });
  }
  return selected;
};

const selectMonolingual = (dataDir: string): MonolingualFilm[] =>
  Object.entries(MONOLINGUAL_QUOTAS).flatMap(([language, quota]) =>
    readJsonLines<MonolingualFilm>(join(dataDir, 'multilingual', `monolingual_${language}.jsonl`))
      .filter((film) => film.title.trim() !== '' && film.overview.length >= 200 && film.overview.length <= 1000)
      .filter((film) => (yearOf(film.releaseDate) ?? 0) >= 1970 && (yearOf(film.releaseDate) ?? 0) <= 2023)
      .sort((a, b) => sha1Rank(a.tmdbId).localeCompare(sha1Rank(b.tmdbId)))
      .slice(0, quota),
  );

const main = () => {
  const dataDir = resolve(process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'data'));
  const outFile = join(__dirname, '..', 'libs', 'demo-catalogue', 'data', 'films.json');

  const catalogue = readJsonLines<CatalogueFilm>(join(dataDir, 'catalog', 'films_tmdb10k.jsonl'));
  const catalogueById = new Map(catalogue.map((film) => [film.tmdbId, film]));
  const pairs = selectPairs(readJsonLines<SynopsisPair>(join(dataDir, 'multilingual', 'synopses_dev.jsonl')), catalogueById);
  const taken = new Set(pairs.map((pair) => pair.tmdbId));
  const curated = CURATED_IDS.filter((id) => !taken.has(id)).map((id) => catalogueById.get(id)!);
  for (const film of curated) taken.add(film.tmdbId);
  const themed = [...curated, ...selectThemed(catalogue, taken)];
  const general = selectAcrossGenres(catalogue, taken, TARGET_CATALOGUE_FILMS - pairs.length - themed.length);
  const monolingual = selectMonolingual(dataDir);

  const films: FilmInput[] = [
    ...pairs.map((pair) => fromCatalogue(catalogueById.get(pair.tmdbId)!, pair)),
    ...[...themed, ...general].map((film) => fromCatalogue(film)),
    ...monolingual.map(fromMonolingual),
  ];
  for (const film of films) {
    const result = validate(FilmSchema, film);
    if (!result.ok) throw new Error(`${film.id} is not a valid film: ${result.reason}`);
  }
  if (new Set(films.map((film) => film.id)).size !== films.length) throw new Error('duplicate film ids');

  // One film per line: small diffs when the selection changes, and well under 1 MB.
  const json = `[\n${films.map((film) => JSON.stringify(film)).join(',\n')}\n]\n`;
  writeFileSync(outFile, json);
  console.log(
    `wrote ${films.length} films (${pairs.length} with a second-language synopsis, ${themed.length} themed, ` +
      `${general.length} across genres, ${monolingual.length} non-English only), ${Buffer.byteLength(json)} bytes, to ${outFile}`,
  );
};

main();
