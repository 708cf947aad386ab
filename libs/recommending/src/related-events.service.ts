import { randomUUID } from 'node:crypto';
import type { FilmCatalogue } from '@marquee/catalogue';
import { FilmNotFoundError, type Cache, type LoggerPort } from '@marquee/domain';
import { AnswerCache, answerBody, answerFrame, type CacheStats } from './answers/answer-cache';
import { optionsHash } from './answers/query-key';
import { weighQuery } from './ranking/query-weighting';
import { Recommender, type RecommendationRequest, type RecommendedEvent, type RecommenderOptions } from './recommender';

export interface RelatedEventsQuery extends RecommendationRequest {
  filmId: string;
}

export type RelatedEvent = RecommendedEvent;

export interface RelatedEventsAnswer {
  /** The film the answer relates to (the wire name predates `filmId`; see the README's contract table). */
  eventId: string;
  /** Unique per response; feedback (impressions, clicks) refers to it. */
  recommendationId: string;
  results: RelatedEvent[];
  /** Whether this answer came from the cache. */
  cached: boolean;
}

/** What names an answer besides the catalogue epoch: equal for every query that normalises alike. */
export interface RelatedAnswerKey {
  filmId: string;
  optionsHash: string;
}

/** What `RecommendingModule.register` takes: `recommendingSettings` of the configuration. */
export interface RecommendingOptions extends RecommenderOptions {
  ttlSeconds: number;
  /** Bytes of recently served answers kept decoded. */
  hotAnswersMaxBytes: number;
}

export interface RelatedEventsOptions extends RecommendingOptions {
  logger: LoggerPort;
  /** The embedder's query weights for related films (`Embedder.queryWeights('related')`); none: the seed's vector as it is. */
  queryWeights?: Float32Array;
  /** Counters shared with other services reporting one cache hit ratio. */
  cacheStats?: CacheStats;
}

/** Something that tells which version of the catalogue an answer was computed from. */
export interface EpochSource {
  readonly epoch: string;
}

/**
 * "Related events you might still attend": films near the reference film by synopsis that have a
 * screening matching the visitor's constraints, reranked by the hybrid score and diversified.
 * Answers are cached under the catalogue epoch and a hash of the normalised query, so a change to
 * any film makes every older answer unreachable, and each entry expires before its first listed screening.
 */
export class RelatedEventsService {
  readonly recommender: Recommender;
  private readonly answers: AnswerCache<RelatedEvent>;
  private readonly queryWeights?: Float32Array;

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly epochSource: EpochSource,
    cache: Cache,
    options: RelatedEventsOptions,
  ) {
    this.recommender = new Recommender(catalogue, options);
    this.queryWeights = options.queryWeights;
    this.answers = new AnswerCache(cache, {
      ttlSeconds: options.ttlSeconds,
      recentMaxBytes: options.hotAnswersMaxBytes,
      logger: options.logger,
      stats: options.cacheStats,
    });
  }

  get cacheStats(): CacheStats {
    return this.answers.stats;
  }

  async related(query: RelatedEventsQuery): Promise<RelatedEventsAnswer> {
    return JSON.parse(await this.relatedJson(query)) as RelatedEventsAnswer;
  }

  answerKey(query: RelatedEventsQuery): RelatedAnswerKey {
    const { filmId, ...request } = query;
    return { filmId, optionsHash: optionsHash(this.recommender.normalize(request)) };
  }

  /** The answer as JSON text (what HTTP sends): a cached result list is spliced in as stored. */
  async relatedJson(query: RelatedEventsQuery, key: RelatedAnswerKey = this.answerKey(query)): Promise<string> {
    const { filmId, ...request } = query;
    if (!this.catalogue.get(filmId)) throw new FilmNotFoundError(filmId);
    const answer = await this.answers.fetch(this.cacheKey(key), query.now, () => this.compute(filmId, request));
    return answerBody(this.head(filmId), answer);
  }

  /**
   * The answer to a query already validated and keyed, when the cache holds it for the current
   * epoch, as the parts of its body: the text around the result list, and the list as UTF-8;
   * undefined (nothing computed, no miss counted) when it does not or the film is gone.
   */
  async cachedAnswer(key: RelatedAnswerKey, now: Date): Promise<{ before: string; results: Buffer; after: string } | undefined> {
    if (!this.catalogue.get(key.filmId)) return undefined;
    const answer = await this.answers.stored(this.cacheKey(key), now);
    return answer && { ...answerFrame(this.head(key.filmId), answer), results: answer.utf8 };
  }

  private cacheKey({ filmId, optionsHash: hash }: RelatedAnswerKey): string {
    return `related:${this.epochSource.epoch}:${filmId}:${hash}`;
  }

  private head(filmId: string): Record<string, string> {
    return { eventId: filmId, recommendationId: randomUUID() };
  }

  private compute(filmId: string, request: RecommendationRequest): RelatedEvent[] {
    const entry = this.catalogue.get(filmId);
    const vector = this.catalogue.index.vectorOf(filmId);
    if (!entry || !vector) return [];
    const seed = { vector: weighQuery(vector, this.queryWeights), film: entry.film };
    const related = this.recommender.recommend({ ...request, seeds: [seed], exclude: new Set([filmId]) });
    return related.map((recommendation) => recommendation.event);
  }
}
