import { randomUUID } from 'node:crypto';
import type { Cache, Embedder } from '@marquee/domain';
import { AnswerCache, answerBody, type CacheStats } from './answers/answer-cache';
import { optionsHash } from './answers/query-key';
import type { FilmCatalogue } from '@marquee/catalogue';
import { weighQuery } from './ranking/query-weighting';
import { Recommender, type RecommendationRequest, type RecommendedEvent } from './recommender';
import type { EpochSource, RelatedEventsOptions } from './related-events.service';

export interface EventSearchQuery extends RecommendationRequest {
  /** What the visitor typed, in any language. */
  text: string;
}

export interface EventSearchAnswer {
  query: string;
  /** Unique per response; feedback (impressions, clicks) refers to it. */
  recommendationId: string;
  results: RecommendedEvent[];
  cached: boolean;
}

/** Whitespace runs do not change what a text means to the model. */
const normalizeText = (text: string): string => text.trim().replace(/\s+/g, ' ');

/**
 * Free-text, cross-lingual search over events a visitor can attend: the text is embedded as a
 * query (the catalogue's vectors come from `film-index`; only the text is embedded here), then the
 * related-events pipeline runs without a reference film: same filters, semantic + time, place and
 * popularity ranking, diversity and explanations. Answers are cached like related events, so a
 * repeated search costs no embedding.
 */
export class EventSearchService {
  readonly recommender: Recommender;
  private readonly answers: AnswerCache<RecommendedEvent>;

  constructor(
    catalogue: FilmCatalogue,
    private readonly epochSource: EpochSource,
    cache: Cache,
    private readonly embedder: Embedder,
    options: RelatedEventsOptions,
  ) {
    this.recommender = new Recommender(catalogue, options);
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

  async search(query: EventSearchQuery): Promise<EventSearchAnswer> {
    return JSON.parse(await this.searchJson(query)) as EventSearchAnswer;
  }

  /** The answer as JSON text (what HTTP sends): a cached result list is spliced in as stored. */
  async searchJson(query: EventSearchQuery): Promise<string> {
    const { text, ...request } = query;
    const normalized = normalizeText(text);
    const key = `search:${this.epochSource.epoch}:${optionsHash({ text: normalized, ...this.recommender.normalize(request) })}`;
    const answer = await this.answers.fetch(key, query.now, async () => {
      const [vector] = await this.embedder.embed([normalized], 'query');
      return this.recommender
        .recommend({ ...request, seeds: [{ vector: weighQuery(vector, this.embedder.queryWeights?.('related')) }], exclude: new Set() })
        .map((recommendation) => recommendation.event);
    });
    return answerBody({ query: normalized, recommendationId: randomUUID() }, answer);
  }
}
