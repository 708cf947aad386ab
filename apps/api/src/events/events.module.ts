import { Module } from '@nestjs/common';
import { CachedRelatedAnswers } from './cached-related-answers';
import { EventsController } from './events.controller';
import { SchemaController } from './schema.controller';

@Module({ controllers: [EventsController, SchemaController], providers: [CachedRelatedAnswers] })
export class EventsModule {}
