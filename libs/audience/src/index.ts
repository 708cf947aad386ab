export { AggregateBuffer, type AggregateBufferOptions } from './aggregate-buffer';
export { AudienceAggregator, COUNTED_TYPES, searchText } from './audience-aggregator';
export { audienceMember, userMember } from './audience-member';
export { AudienceQueries, INTEREST_TYPES, type AudienceQuerySettings } from './audience-queries';
export {
  AudienceQuerySchema,
  BreakdownQuerySchema,
  BreakdownSchema,
  queryRange,
  type AudienceQuery,
  type AudienceQueryInput,
  type Breakdown,
  type BreakdownQuery,
} from './audience-query';
export {
  AUDIENCE_STORE,
  StaleUpdateError,
  type AudienceStore,
  type Counts,
  type OffsetRange,
  type TopicInteraction,
  type WeekUpdate,
} from './audience-store.port';
export { ALL, cellKey, cityPlace, filmSubject, parseCell, themeSubject, venuePlace } from './cells';
export { toCsv } from './csv';
export { isoWeek, startOfIsoWeek, WEEK_MS, weeksBetween, weekStartMs } from './iso-week';
export { MemoryAudienceStore } from './memory-audience-store';
export { PROGRAMME, type Programme, type ProgrammedScreening } from './programme.port';
export { RedisAudienceStore } from './redis-audience-store';
export { Suppression, type MeasuredRow, type PublishedRow, type PublishedTable } from './suppression';
