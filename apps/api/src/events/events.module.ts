import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { EventsController } from './events.controller';
import { SchemaController } from './schema.controller';

@Module({ imports: [CatalogueModule], controllers: [EventsController, SchemaController] })
export class EventsModule {}
