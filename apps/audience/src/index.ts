export { AudienceAppModule } from './audience-app.module';
