import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CachedRelatedAnswers } from './cached-related-answers';
import { EventsController } from './events.controller';
import { SchemaController } from './schema.controller';

@Module({ imports: [CatalogueModule], controllers: [EventsController, SchemaController], providers: [CachedRelatedAnswers] })
export class EventsModule {}
