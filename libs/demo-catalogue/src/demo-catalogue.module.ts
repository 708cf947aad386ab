import { Module } from '@nestjs/common';
import { DemoCatalogueLoader } from './demo-catalogue.loader';

/** Publishes the demo catalogue once the app has started; mounted where the configuration asks for it (`publishesDemoCatalogue`). */
@Module({ providers: [DemoCatalogueLoader] })
export class DemoCatalogueModule {}
