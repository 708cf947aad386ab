export { IndexerAppModule } from './indexer-app.module';
