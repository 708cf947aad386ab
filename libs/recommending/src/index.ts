export { newCacheStats, type CacheStats } from './answers/answer-cache';
export type { CandidateQuery, CandidateSource, Seed } from './candidates/candidate-source';
export { CoEngagedFilms } from './candidates/co-engaged';
export { PopularUpcomingNear } from './candidates/popular-upcoming';
export { VectorNeighbours } from './candidates/vector-neighbours';
export { EventListingService, type EventPage, type ListEventsQuery } from './event-listing.service';
export { EventSearchService, type EventSearchAnswer, type EventSearchQuery } from './event-search.service';
export { compileFilters, type EventFilters, type FilmMatcher } from './filters/event-filters';
export type { GeoPoint } from './filters/geo';
export { themeOverlap } from './ranking/hybrid-score';
export { weighQuery } from './ranking/query-weighting';
export type { RankingWeights } from './ranking/ranking-weights';
export {
  Recommender,
  type Recommendation,
  type RecommendationQuery,
  type RecommendationRequest,
  type RecommendedEvent,
  type RecommenderOptions,
} from './recommender';
export { RecommendingModule } from './recommending.module';
export {
  RelatedEventsService,
  type EpochSource,
  type RecommendingOptions,
  type RelatedAnswerKey,
  type RelatedEvent,
  type RelatedEventsAnswer,
  type RelatedEventsOptions,
  type RelatedEventsQuery,
} from './related-events.service';
export { NO_COLLABORATIVE_SIGNAL } from './personal/no-collaborative-signal';
export {
  PersonalRecommendationsService,
  type PersonalRecommendationsAnswer,
  type PersonalRecommendationsQuery,
} from './personal/personal-recommendations.service';
export {
  PersonalRecommender,
  type PersonalAnswer,
  type PersonalEvent,
  type PersonalQuery,
  type PersonalRecommenderOptions,
  type PersonalSource,
  type PersonalWeights,
} from './personal/personal-recommender';
export { PersonalRecommendingModule, type PersonalRecommendingOptions } from './personal/personal-recommending.module';
