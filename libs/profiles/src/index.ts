export { applyInteraction, type AppliedOutcome } from './apply-interaction';
export { recordInteraction, type RecordOutcome } from './record-interaction';
export { MemoryProfileStore } from './memory-profile-store';
export { decodeProfile, encodeProfile } from './profile-codec';
export { PROFILE_STORE, type ProfileStore, type SaveOutcome } from './profile-store.port';
export { RedisProfileStore, type RedisProfileStoreOptions } from './redis-profile-store';
export {
  emptyProfile,
  excludedFilms,
  hasHistory,
  type AppliedInteraction,
  type EngagedFilm,
  type InterestCentroid,
  type ProfileOptions,
  type SentEdition,
  type UserProfile,
} from './user-profile';
export { UserDataService, type UserDataExport } from './user-data.service';
