export { createApiApp } from './api-app';
export { ApiAppModule } from './api-app.module';
export { CachedRelatedAnswers } from './events/cached-related-answers';
