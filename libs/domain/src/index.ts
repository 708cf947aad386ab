export {
  FilmSchema,
  HttpUrlSchema,
  LanguageTagSchema,
  LocalizedTextSchema,
  PriceSchema,
  ScreeningSchema,
  VenueSchema,
  type Film,
  type FilmInput,
  type Screening,
  type Venue,
} from './film.schema';
export {
  FilmEventSchema,
  filmIdOf,
  FilmRemovedEventSchema,
  FilmUpsertedEventSchema,
  type FilmEvent,
  type FilmEventInput,
  type FilmRemovedEvent,
  type FilmUpsertedEvent,
} from './film-event.schema';
export { EventBusUnavailableError } from './event-bus-unavailable.error';
export { FilmNotFoundError } from './film-not-found.error';
export {
  decodeVector,
  encodeVector,
  FILM_INDEX_VERSION_HEADER,
  IndexedFilmSchema,
  readIndexedFilm,
  type IndexedFilm,
} from './indexed-film.schema';
export { describeIssues, eventTooLarge, MAX_EVENT_BYTES, parseJson, validate, type ParseResult } from './parse';
export { Topics, type TopicName } from './topics';
export {
  FeedbackInputSchema,
  FilmInteractionInputSchema,
  filmOfInteraction,
  FilmInteractionTypeSchema,
  InteractionContextSchema,
  MAX_SEARCH_TEXT_LENGTH,
  PreferencesInputSchema,
  RatingInputSchema,
  SearchInputSchema,
  SentInputSchema,
  toUserInteractionEvent,
  UserIdSchema,
  UserInteractionEventSchema,
  UserInteractionInputSchema,
  userInteractionKey,
  UserInteractionTypeSchema,
  UserPreferencesSchema,
  type FeedbackInput,
  type FilmInteractionEvent,
  type FilmInteractionType,
  type InteractionContext,
  type UserInteractionEvent,
  type UserInteractionInput,
  type UserInteractionType,
  type UserPreferences,
} from './user-interaction.schema';
export { UserErasureEventSchema, type UserErasureEvent } from './user-erasure.schema';
export { EditionIdSchema } from './edition-id.schema';
export {
  NewsletterMessageSchema,
  NewsletterPickSchema,
  NewsletterSchema,
  NewsletterScreeningSchema,
  NewsletterSectionSchema,
  type Newsletter,
  type NewsletterMessage,
  type NewsletterPick,
  type NewsletterScreening,
  type NewsletterSection,
} from './newsletter.schema';
export { CACHE, type Cache } from './ports/cache.port';
export { COLLABORATIVE_SIGNAL, type CollaborativeSignal, type WeightedFilm } from './ports/collaborative-signal.port';
export {
  EMBEDDER,
  FILM_EMBEDDING_TEXT,
  type Embedder,
  type EmbeddingKind,
  type FilmEmbeddingText,
  type SearchPurpose,
} from './ports/embedder.port';
export {
  EVENT_BUS,
  type Batch,
  type EventBus,
  type Headers,
  type IncomingMessage,
  type OutgoingMessage,
  type SubscribeOptions,
  type Subscription,
} from './ports/event-bus.port';
export type { LoggerPort } from './ports/logger.port';
export {
  VECTOR_INDEX_FACTORY,
  type LoadedVectorIndex,
  type Neighbour,
  type PersistentVectorIndex,
  type VectorIndex,
  type VectorIndexFactory,
} from './ports/vector-index.port';
export {
  ThemeIdSchema,
  ThemeModelSchema,
  ThemeSchema,
  ThemeShareSchema,
  type Theme,
  type ThemeModel,
  type ThemeShare,
} from './theme-model.schema';
