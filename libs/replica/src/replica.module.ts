import { Module } from '@nestjs/common';
import { CatalogueReplica } from './catalogue-replica.service';

@Module({ providers: [CatalogueReplica], exports: [CatalogueReplica] })
export class CatalogueModule {}
