import { creditsOf, toEventCard, type EventCard, type FilmCatalogue } from '@marquee/catalogue';
import type { Film } from '@marquee/domain';
import { explanationLanguage, fold, type ExplanationLanguage } from '@marquee/text';
import type { CandidateQuery, CandidateSource, Seed } from './candidates/candidate-source';
import { PopularUpcomingNear } from './candidates/popular-upcoming';
import { VectorNeighbours } from './candidates/vector-neighbours';
import { explain } from './explanations/explanations';
import { SalientWords } from './explanations/salient-words';
import { compileFilters, type EventFilters } from './filters/event-filters';
import type { GeoPoint } from './filters/geo';
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

/** A request with what the results should be like and what they must not be. */
export interface RecommendationQuery extends RecommendationRequest {
  /** Films (or a text's vector) the results should resemble; none: cold start. */
  seeds: readonly Seed[];
  /** Films never recommended: the reference film itself, what a user saw or booked. */
  exclude: ReadonlySet<string>;
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
  /** Longest synopsis excerpt a card carries. */
  synopsisMaxChars: number;
  weights: RankingWeights;
  /** Candidates taken from the index per requested result, to rerank and diversify. */
  rerankDepth: number;
  /** Diversity when a request names none. */
  defaultDiversity: number;
  /** Films left by place constraints up to which candidates are ranked by an exact scan. */
  exactScanMaxCandidates: number;
}

/** A recommended event with where it came from, which its JSON does not carry. */
export interface Recommendation {
  event: RecommendedEvent;
  /** The seed film it was found for: "because you liked X". */
  reference?: Film;
  /** The candidate source that found it. */
  source: string;
}

const MAX_CANDIDATES = 1_000;
/** A stand-in query vector for MMR when there is no seed: it is read only with diversity, and then each candidate's own vector is. */
const NO_VECTOR = new Float32Array(0);
const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const sortedFolded = (values: string[] | undefined): string[] | undefined => values && [...new Set(values.map(fold))].sort();

/**
 * The pipeline behind related events, search and personal lists: filter before ranking, ask the
 * candidate sources (the vector neighbours of the seeds; with no seed, the cold-start source),
 * rerank by the hybrid score against each candidate's reference film, diversify with MMR, and
 * explain each pick.
 */
export class Recommender {
  private readonly sources: readonly CandidateSource[];

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly options: RecommenderOptions,
    sources?: readonly CandidateSource[],
  ) {
    this.sources = sources ?? [new VectorNeighbours(catalogue, options), new PopularUpcomingNear(catalogue)];
  }

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

  recommend(query: RecommendationQuery): Recommendation[] {
    const { limit, now, origin } = query;
    const diversity = query.diversity ?? this.options.defaultDiversity;
    const matcher = compileFilters(query.filters ?? {}, now);
    const { candidates, sourceOf } = this.candidates({
      seeds: query.seeds,
      k: Math.min(MAX_CANDIDATES, limit * this.options.rerankDepth),
      matcher,
      exclude: query.exclude,
      origin,
      now,
    });
    const ranges = candidateRanges(candidates);
    const contexts = new Map<Film | undefined, RankingContext>();
    /** What a candidate is measured against: its reference film's credits and venues (unless the visitor gave a position). */
    const contextOf = (reference: Film | undefined): RankingContext => {
      let context = contexts.get(reference);
      if (!context) {
        context = {
          now,
          reference: reference && creditsOf(reference),
          origin: origin ? { points: [origin], cities: new Set() } : reference ? originOfFilm(reference, now) : NO_ORIGIN,
          ...ranges,
        };
        contexts.set(reference, context);
      }
      return context;
    };
    const vector = query.seeds[0]?.vector ?? NO_VECTOR;
    const ranked = candidates
      .map((candidate) => ({
        candidate,
        relevance: hybridScore(rankingFeatures(candidate, contextOf(candidate.reference)), this.options.weights),
        vector: diversity > 0 ? (candidate.vector ?? this.catalogue.index.vectorOf(candidate.id) ?? vector) : vector,
      }))
      .sort(
        (a, b) =>
          b.relevance - a.relevance || b.candidate.similarity - a.candidate.similarity || (a.candidate.id < b.candidate.id ? -1 : 1),
      );
    const picked = mmrSelect(ranked, limit, diversity);
    const language = explanationLanguage(query.languages);
    const salientWords = candidates.some((c) => c.reference) ? new SalientWords(candidates.map((c) => c.film)) : undefined;
    return picked.map(({ candidate, relevance }) => ({
      event: this.toResult(candidate, relevance, query, { language, salientWords }),
      reference: candidate.reference,
      source: sourceOf.get(candidate) as string,
    }));
  }

  /** Every source's candidates, each film once (the first source to find it keeps it). */
  private candidates(query: CandidateQuery): { candidates: Candidate[]; sourceOf: Map<Candidate, string> } {
    const sourceOf = new Map<Candidate, string>();
    const ids = new Set<string>();
    for (const source of this.sources) {
      for (const candidate of source.candidates(query)) {
        if (ids.has(candidate.id)) continue;
        ids.add(candidate.id);
        sourceOf.set(candidate, source.name);
      }
    }
    return { candidates: [...sourceOf.keys()], sourceOf };
  }

  private toResult(
    candidate: Candidate,
    relevance: number,
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
      synopsisMaxChars: this.options.synopsisMaxChars,
      screenings: candidate.screenings.map((s) => s.screening),
    });
    const explanations = explain(
      {
        reference: candidate.reference,
        candidate: candidate.film,
        screening: first?.screening,
        distanceKm,
        salientWords: explaining.salientWords,
      },
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
