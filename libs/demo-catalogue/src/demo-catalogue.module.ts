import { Global, Module } from '@nestjs/common';
import { DemoCatalogueLoader } from './demo-catalogue.loader';

/**
 * Publishes the demo catalogue once the app has started; mounted where the configuration asks for
 * it (`publishesDemoCatalogue`). Global, so readiness can ask it (optionally) what it published.
 */
@Global()
@Module({ providers: [DemoCatalogueLoader], exports: [DemoCatalogueLoader] })
export class DemoCatalogueModule {}
