export { CollaborativeModel, type CollaborativeModelOptions } from './collaborative-model.service';
export { COLLABORATIVE_STORE, type CollaborativeStore, type StoredModel } from './collaborative-store.port';
export {
  capHistory,
  engagementOf,
  mergeEngagement,
  weightedHistory,
  type Engagement,
  type EngagementChange,
  type InteractionWeights,
  type UserHistory,
} from './engagement';
export { fitItemModel, ItemModel, ItemModelFitter, type ItemModelOptions, type ItemModelSnapshot } from './item-model';
export { MemoryCollaborativeStore } from './memory-collaborative-store';
export { TrendingFilms, type TrendingOptions, type TrendingSnapshot } from './trending';
export { RedisCollaborativeStore, type RedisCollaborativeStoreOptions } from './redis-collaborative-store';
export { invertSymmetricPositiveDefinite } from './spd-inverse';
export { COLLABORATIVE_MODULE_OPTIONS, CollaborativeRunner, type CollaborativeModuleOptions } from './collaborative.consumer';
export { CollaborativeModule } from './collaborative.module';
