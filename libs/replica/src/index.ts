export { CatalogueReplica } from './catalogue-replica';
export { CatalogueSync, type CatalogueSyncOptions } from './catalogue-sync';
export { ReplicaModule, type ReplicaOptions } from './replica.module';
