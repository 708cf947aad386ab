export { createApiApp } from './api-app';
export { ApiAppModule } from './api-app.module';
