import { Module } from '@nestjs/common';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { SearchController } from './search.controller';

@Module({ imports: [CatalogueModule], controllers: [SearchController] })
export class SearchModule {}
