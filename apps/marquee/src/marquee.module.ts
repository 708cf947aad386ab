import { Module } from '@nestjs/common';
import { ApiModule } from '../../api/src/api.module';
import { IndexerModule } from '../../indexer/src/indexer.module';
import { DemoCatalogueLoader } from './demo-catalogue.loader';

/** The whole product in one process: API, indexer and (in embedded mode) the demo catalogue. */
@Module({ imports: [ApiModule, IndexerModule], providers: [DemoCatalogueLoader] })
export class MarqueeModule {}
