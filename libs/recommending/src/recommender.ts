import { creditsOf, toEventCard, type EventCard, type FilmCatalogue } from '@marquee/catalogue';
import type { Film } from '@marquee/domain';
import { explanationLanguage, fold, type ExplanationLanguage } from '@marquee/text';
import { explain } from './explanations/explanations';
import { SalientWords } from './explanations/salient-words';
import { compileFilters, type EventFilters } from './filters/event-filters';
import type { GeoPoint } from './filters/geo';
import { findCandidates } from './ranking/candidate-search';
import {
  candidateRanges,
  distanceFrom,
  hybridScore,
  NO_ORIGIN,
  originOfFilm,
  rankingFeatures,
  type Candidate,
  type RankingContext,
} from './ranking/hybrid-score';
import { mmrSelect } from './ranking/mmr';
import type { RankingWeights } from './ranking/ranking-weights';

export interface RecommendationRequest {
  limit: number;
  /** The reader's languages, best first: titles, synopses and explanations follow them. */
  languages: readonly string[];
  now: Date;
  filters?: EventFilters;
  /** The visitor's position: nearer screenings rank higher and results carry `distanceKm`. */
  origin?: GeoPoint;
  /** MMR trade-off in [0, 1]: 0 ranks by relevance alone. */
  diversity?: number;
}

export interface RecommendedEvent extends EventCard {
  /** Hybrid relevance: the weighted sum of the ranking features. */
  score: number;
  /** Cosine similarity of the synopses (or of synopsis and search text), in [-1, 1]. */
  similarity: number;
  /** Short reasons in the reader's language, most specific first. */
  explanations: string[];
  /** From the visitor's position to the first listed screening, when a position was given. */
  distanceKm?: number;
}

/** Every field is required: the defaults live in the configuration schema (`recommendingSettings`). */
export interface RecommenderOptions {
  maxScreeningsPerCard: number;
  weights: RankingWeights;
  /** Candidates taken from the index per requested result, to rerank and diversify. */
  rerankDepth: number;
  /** Diversity when a request names none. */
  defaultDiversity: number;
  /** Films left by place constraints up to which candidates are ranked by an exact scan. */
  exactScanMaxCandidates: number;
}

const MAX_CANDIDATES = 1_000;
const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const sortedFolded = (values: string[] | undefined): string[] | undefined => values && [...new Set(values.map(fold))].sort();

/**
 * The pipeline behind related events and search: filter before ranking, fetch candidates from the
 * vector index, rerank them by the hybrid score, diversify with MMR, and explain each pick.
 */
export class Recommender {
  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly options: RecommenderOptions,
  ) {}

  /** The request reduced to what changes the answer (not the clock), in a canonical form for cache keys. */
  normalize(request: RecommendationRequest): object {
    const { filters = {} } = request;
    return {
      limit: request.limit,
      languages: request.languages.map((l) => l.toLowerCase()),
      origin: request.origin,
      diversity: request.diversity ?? this.options.defaultDiversity,
      filters: {
        ...filters,
        cities: sortedFolded(filters.cities),
        regions: sortedFolded(filters.regions),
        venues: sortedFolded(filters.venues),
        genres: sortedFolded(filters.genres),
        excludeGenres: sortedFolded(filters.excludeGenres),
        countries: filters.countries && [...new Set(filters.countries.map((c) => c.toUpperCase()))].sort(),
        languages: filters.languages && [...new Set(filters.languages.map((l) => l.toLowerCase()))].sort(),
        currency: filters.currency?.toUpperCase(),
      },
    };
  }

  recommend(vector: Float32Array, reference: Film | undefined, request: RecommendationRequest): RecommendedEvent[] {
    const { limit, now, origin } = request;
    const diversity = request.diversity ?? this.options.defaultDiversity;
    const matcher = compileFilters(request.filters ?? {}, now);
    const candidates = findCandidates(this.catalogue, {
      vector,
      k: Math.min(MAX_CANDIDATES, limit * this.options.rerankDepth),
      matcher,
      excludeId: reference?.id,
      exactScanMaxCandidates: this.options.exactScanMaxCandidates,
    });
    const context: RankingContext = {
      now,
      reference: reference && creditsOf(reference),
      origin: origin ? { points: [origin], cities: new Set() } : reference ? originOfFilm(reference, now) : NO_ORIGIN,
      ...candidateRanges(candidates),
    };
    const ranked = candidates
      .map((candidate) => ({
        candidate,
        relevance: hybridScore(rankingFeatures(candidate, context), this.options.weights),
        vector: diversity > 0 ? (this.catalogue.index.vectorOf(candidate.id) ?? vector) : vector,
      }))
      .sort(
        (a, b) =>
          b.relevance - a.relevance || b.candidate.similarity - a.candidate.similarity || (a.candidate.id < b.candidate.id ? -1 : 1),
      );
    const picked = mmrSelect(ranked, limit, diversity);
    const language = explanationLanguage(request.languages);
    const salientWords = reference && new SalientWords(candidates.map((c) => c.film));
    return picked.map(({ candidate, relevance }) => this.toResult(candidate, relevance, reference, request, { language, salientWords }));
  }

  private toResult(
    candidate: Candidate,
    relevance: number,
    reference: Film | undefined,
    { languages, now, origin }: RecommendationRequest,
    explaining: { language: ExplanationLanguage; salientWords?: SalientWords },
  ): RecommendedEvent {
    const first = candidate.screenings[0];
    const km = origin && first ? distanceFrom([origin], first) : undefined;
    const distanceKm = km === undefined ? undefined : round(km, km < 10 ? 1 : 0);
    const card = toEventCard(candidate.film, {
      languages,
      now,
      maxScreenings: this.options.maxScreeningsPerCard,
      screenings: candidate.screenings.map((s) => s.screening),
    });
    const explanations = explain(
      { reference, candidate: candidate.film, screening: first?.screening, distanceKm, salientWords: explaining.salientWords },
      explaining.language,
    );
    return {
      ...card,
      score: round(relevance, 4),
      similarity: round(candidate.similarity, 4),
      explanations,
      ...(distanceKm === undefined ? {} : { distanceKm }),
    };
  }
}
