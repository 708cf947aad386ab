import type { Theme, ThemeModel, ThemeShare } from '@marquee/domain';
import { fold } from '@marquee/text';
import { classTfIdf, contentWords, namesIn } from './class-tf-idf';
import { seededRandom } from '@marquee/random';
import { silhouetteScore } from './silhouette';
import { sphericalKMeans, type Clustering } from './spherical-k-means';
import { matchThemeIds } from './theme-matching';
import { dot, normalized } from './vectors';

/** What clustering reads of a film: its vector (any length, normalised here), synopses and genres. */
export interface ThemeFilm {
  id: string;
  vector: Float32Array;
  synopses: Readonly<Record<string, string>>;
  genres: readonly string[];
  /** Names left out of the label words. */
  names?: readonly string[];
}

export interface ThemeSettings {
  /** A fixed k; undefined: the k of the best silhouette in `kRange`. */
  k?: number;
  kRange: { min: number; max: number; candidates: number };
  /** Languages labels are given in (the dashboard's). */
  languages: readonly string[];
  wordsPerLabel: number;
  /** Cosine a new centroid needs with a previous one to keep its id. */
  minMatchSimilarity: number;
  /** Softmax temperature of a film's shares over its nearest themes. */
  shareTemperature: number;
  silhouetteSample: number;
  seed: number;
}

const TOP_FILMS = 10;
const SHARES_PER_FILM = 3;
const MIN_SHARE = 0.1;

/** The k values tried: `candidates` of them spread evenly over the range, none larger than the catalogue allows. */
export const candidateKs = (range: ThemeSettings['kRange'], films: number): number[] => {
  const max = Math.min(range.max, Math.max(2, Math.floor(films / 3)));
  const min = Math.min(range.min, max);
  const steps = Math.max(1, Math.min(range.candidates, max - min + 1));
  const ks = Array.from({ length: steps }, (_, i) => Math.round(min + ((max - min) * i) / Math.max(1, steps - 1)));
  return [...new Set(ks)];
};

const cluster = (vectors: Float32Array[], settings: ThemeSettings): { clustering: Clustering; silhouette: number } => {
  const random = seededRandom(settings.seed);
  const score = (clustering: Clustering) =>
    silhouetteScore(vectors, clustering.assignments, { sampleSize: settings.silhouetteSample, random: seededRandom(settings.seed + 1) });
  if (settings.k !== undefined) {
    const clustering = sphericalKMeans(vectors, { k: settings.k, random });
    return { clustering, silhouette: score(clustering) };
  }
  let best: { clustering: Clustering; silhouette: number } | undefined;
  for (const k of candidateKs(settings.kRange, vectors.length)) {
    const clustering = sphericalKMeans(vectors, { k, random });
    const silhouette = score(clustering);
    if (!best || silhouette > best.silhouette) best = { clustering, silhouette };
  }
  return best as { clustering: Clustering; silhouette: number };
};

/** A film's shares of its nearest themes: softmax of cosine over the temperature, small shares dropped, summing to 1. */
export const themeShares = (
  vector: Float32Array,
  centroids: readonly Float32Array[],
  ids: readonly string[],
  temperature: number,
): ThemeShare[] => {
  const similarities = centroids.map((c, i) => ({ i, similarity: dot(vector, c) })).sort((a, b) => b.similarity - a.similarity);
  const nearest = similarities.slice(0, SHARES_PER_FILM);
  const weights = nearest.map((n) => Math.exp((n.similarity - nearest[0].similarity) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  const kept = nearest.map((n, j) => ({ themeId: ids[n.i], share: weights[j] / total })).filter((s, j) => j === 0 || s.share >= MIN_SHARE);
  const keptTotal = kept.reduce((a, s) => a + s.share, 0);
  return kept.map((s) => ({ themeId: s.themeId, share: Math.round((s.share / keptTotal) * 1000) / 1000 }));
};

/** Genres most over-represented in a theme against the catalogue (lift weighted by frequency). */
const distinctiveGenres = (members: readonly ThemeFilm[], all: readonly ThemeFilm[]): string[] => {
  const share = (films: readonly ThemeFilm[]) => {
    const counts = new Map<string, number>();
    for (const film of films) for (const genre of new Set(film.genres.map(fold))) counts.set(genre, (counts.get(genre) ?? 0) + 1);
    return new Map([...counts].map(([genre, count]) => [genre, count / Math.max(1, films.length)]));
  };
  const inside = share(members);
  const overall = share(all);
  return (
    [...inside]
      // Common in the theme and clearly more common than in the catalogue: a genre every film has says nothing.
      .filter(([genre, s]) => s >= 0.25 && s / (overall.get(genre) ?? 1) >= 1.25)
      .map(([genre, s]) => ({ genre, weight: s * Math.log(1 + s / (overall.get(genre) ?? 1)) }))
      .sort((a, b) => b.weight - a.weight || a.genre.localeCompare(b.genre))
      .slice(0, 3)
      .map((g) => g.genre)
  );
};

/** Synopsis text of a film in a language (`nl` takes `nl-BE` too). */
const synopsisIn = (film: ThemeFilm, language: string): string | undefined =>
  Object.entries(film.synopses).find(([tag]) => tag.toLowerCase().split('-')[0] === language)?.[1];

/**
 * Clusters film vectors into interest themes, labels each by class-based TF-IDF over the synopses
 * in each dashboard language and by its distinctive genres, keeps the previous model's ids where
 * centroids match, and gives every film its shares of its nearest themes.
 */
export const computeThemes = (
  films: readonly ThemeFilm[],
  settings: ThemeSettings,
  previous: ThemeModel | undefined,
  now: Date,
): ThemeModel => {
  const version = (previous?.version ?? 0) + 1;
  const base = { version, computedAt: now.toISOString(), kChoice: settings.k === undefined ? 'silhouette' : 'configured' } as const;
  if (films.length < 2) return { ...base, silhouette: 0, nextThemeNumber: previous?.nextThemeNumber ?? 1, themes: [], shares: {} };
  // Sorted by id: the same catalogue in any order gives the same themes.
  const sorted = [...films].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const vectors = sorted.map((film) => normalized(film.vector));
  const { clustering, silhouette } = cluster(vectors, settings);
  const { centroids, assignments } = clustering;
  const { ids, nextThemeNumber } = matchThemeIds(
    centroids,
    previous?.themes ?? [],
    previous?.nextThemeNumber ?? 1,
    settings.minMatchSimilarity,
  );
  const members = centroids.map(() => [] as number[]);
  assignments.forEach((c, i) => members[c].push(i));

  const words: Record<string, string[][]> = {};
  for (const language of settings.languages) {
    const names = namesIn(sorted.flatMap((film) => synopsisIn(film, language) ?? []));
    const perClass = members.map((indices) =>
      indices.flatMap((i) => {
        const text = synopsisIn(sorted[i], language);
        if (text === undefined) return [];
        return contentWords(text, new Set((sorted[i].names ?? []).flatMap((n) => fold(n).split(/\s+/)))).filter((word) => !names.has(word));
      }),
    );
    words[language] = classTfIdf(perClass, settings.wordsPerLabel);
  }

  const themes: Theme[] = centroids.map((centroid, c) => ({
    id: ids[c],
    centroid: Array.from(centroid, (x) => Math.round(x * 1e6) / 1e6),
    size: members[c].length,
    words: Object.fromEntries(settings.languages.map((language) => [language, words[language][c]])),
    genres: distinctiveGenres(
      members[c].map((i) => sorted[i]),
      sorted,
    ),
    topFilmIds: [...members[c]]
      .sort((a, b) => dot(vectors[b], centroid) - dot(vectors[a], centroid))
      .slice(0, TOP_FILMS)
      .map((i) => sorted[i].id),
  }));
  const shares = Object.fromEntries(sorted.map((film, i) => [film.id, themeShares(vectors[i], centroids, ids, settings.shareTemperature)]));
  return {
    ...base,
    silhouette: Math.round(silhouette * 1e4) / 1e4,
    nextThemeNumber,
    themes: themes.sort((a, b) => b.size - a.size),
    shares,
  };
};

/** A theme's label in a language: its words there (else in any language that has some) and genres. */
export const themeLabel = (theme: Pick<Theme, 'words' | 'genres'>, language: string, words = 3): string => {
  const own = theme.words[language]?.length ? theme.words[language] : (Object.values(theme.words).find((w) => w.length > 0) ?? []);
  const parts = own.slice(0, words);
  return parts.length > 0 ? parts.join(' · ') : theme.genres.join(' · ') || '—';
};
