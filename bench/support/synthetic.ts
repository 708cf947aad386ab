import { DEMO_VENUES, type DemoVenue } from '@marquee/demo-catalogue';
import { seededRandom } from '@marquee/random';
import type { Film, Screening } from '@marquee/domain';
import { toFilm, type TmdbFilm } from './catalog';

/** Fisher-Yates on a copy. */
export const shuffled = <T>(items: readonly T[], random: () => number): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

/** Standard normal samples (Box-Muller). */
const gaussianSource = (random: () => number) => () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/**
 * Share of films programmed at each venue: half in Belgium, half in the Netherlands, so that
 * "screens in Belgium" accepts ~50 % of films, "in Antwerpen" ~10 % and "in Leuven within 7 days" ~1 %.
 */
const VENUE_WEIGHTS: Record<string, number> = {
  'de-spil': 0.05,
  klappei: 0.04,
  cartoons: 0.06,
  'huisvandemens-tienen': 0.03,
  zed: 0.03,
  'lumiere-brugge': 0.07,
  sphinx: 0.1,
  galeries: 0.12,
  eye: 0.14,
  lantarenvenster: 0.1,
  'filmhuis-den-haag': 0.08,
  'louis-hartlooper': 0.08,
  'lumiere-maastricht': 0.05,
  lux: 0.05,
};

const DAY_MS = 86_400_000;
/** Screenings fall on days 1..FUTURE_DAYS after the bench starts. */
const FUTURE_DAYS = 42;

/** What filters look at, kept compact: looking it up is what an accept callback pays per candidate. */
export interface SyntheticFilm {
  id: string;
  /** Index of the real catalogue film this one copies. */
  source: number;
  /** 0 for the real film (its vector unchanged), 1.. for noisy copies. */
  copy: number;
  genres: string[];
  venue: DemoVenue;
  /** Start times (epoch ms), soonest first. */
  starts: number[];
}

export interface SyntheticCatalogue {
  films: SyntheticFilm[];
  vectors: Float32Array[];
  /** Standard deviation of the noise per component. */
  sigma: number;
}

const pickVenue = (random: () => number): DemoVenue => {
  let roll = random();
  for (const venue of DEMO_VENUES) {
    roll -= VENUE_WEIGHTS[venue.key] ?? 0;
    if (roll < 0) return venue;
  }
  return DEMO_VENUES[DEMO_VENUES.length - 1];
};

/**
 * `count` films from the real ones: film i copies real film i mod n; the first copy keeps the real
 * vector, later copies add Gaussian noise and are re-normalised. Noise is sized so a copy's expected
 * cosine to its real film is `copyCosine` (|noise|² = 1/copyCosine² - 1 for unit vectors).
 * Each film gets 1-4 evening screenings at one venue in the next six weeks.
 */
export const expandCatalogue = (
  sources: readonly TmdbFilm[],
  realVectors: readonly Float32Array[],
  options: { count: number; copyCosine: number; seed: number; now: Date },
): SyntheticCatalogue => {
  const random = seededRandom(options.seed);
  const gaussian = gaussianSource(random);
  const dimension = realVectors[0].length;
  const sigma = Math.sqrt((1 / options.copyCosine ** 2 - 1) / dimension);
  const today = Math.floor(options.now.getTime() / DAY_MS) * DAY_MS;
  const films: SyntheticFilm[] = [];
  const vectors: Float32Array[] = [];
  for (let i = 0; i < options.count; i++) {
    const source = i % sources.length;
    const copy = Math.floor(i / sources.length);
    const real = realVectors[source];
    let vector = real;
    if (copy > 0) {
      vector = new Float32Array(dimension);
      let sumOfSquares = 0;
      for (let j = 0; j < dimension; j++) {
        vector[j] = real[j] + sigma * gaussian();
        sumOfSquares += vector[j] * vector[j];
      }
      const norm = Math.sqrt(sumOfSquares);
      for (let j = 0; j < dimension; j++) vector[j] /= norm;
    }
    const screeningCount = 1 + Math.floor(random() * 4);
    const days = new Set<number>();
    while (days.size < screeningCount) days.add(1 + Math.floor(random() * FUTURE_DAYS));
    // 19:00-21:30 UTC: an evening in Belgium and the Netherlands.
    const starts = [...days].sort((a, b) => a - b).map((day) => today + day * DAY_MS + (19 + Math.floor(random() * 6) / 2) * 3_600_000);
    films.push({
      id: `tmdb-${sources[source].tmdbId}${copy > 0 ? `-c${copy}` : ''}`,
      source,
      copy,
      genres: sources[source].genres,
      venue: pickVenue(random),
      starts,
    });
    vectors.push(vector);
  }
  return { films, vectors, sigma };
};

const screeningsOf = (film: SyntheticFilm): Screening[] =>
  film.starts.map((start) => ({
    id: `${film.id}@${film.venue.key}-${start}`,
    start: new Date(start).toISOString(),
    timeZone: film.venue.timeZone,
    venue: { ...film.venue.venue },
    price: { amount: film.venue.price, currency: 'EUR' },
  }));

/** The synthetic film as published: the real film's metadata, its own id, title suffix and screenings. */
export const syntheticFilm = (film: SyntheticFilm, sources: readonly TmdbFilm[]): Film => {
  const source = sources[film.source];
  const base = toFilm(source, film.id, screeningsOf(film));
  return film.copy === 0 ? base : { ...base, titles: { en: `${source.title} (copy ${film.copy})` } };
};

export interface FilterCase {
  name: string;
  accept: (film: SyntheticFilm) => boolean;
}

/** Filters a visitor sets, by target selectivity; all ignore the synopsis, so accepted films are spread over the graph. */
export const filterCases = (now: Date): FilterCase[] => {
  const weekEnd = now.getTime() + 7 * DAY_MS;
  return [
    { name: '~1%: in Leuven within 7 days', accept: (f) => f.venue.venue.city === 'Leuven' && f.starts[0] <= weekEnd },
    { name: '~10%: in Antwerpen', accept: (f) => f.venue.venue.city === 'Antwerpen' },
    { name: '~50%: in Belgium', accept: (f) => f.venue.venue.country === 'BE' },
  ];
};
