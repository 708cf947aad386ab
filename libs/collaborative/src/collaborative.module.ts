import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { COLLABORATIVE_SIGNAL } from '@marquee/domain';
import { CollaborativeModel } from './collaborative-model.service';
import { COLLABORATIVE_MODULE_OPTIONS, CollaborativeRunner, type CollaborativeModuleOptions } from './collaborative.consumer';
import { COLLABORATIVE_STORE, type CollaborativeStore } from './collaborative-store.port';

/**
 * The collaborative signal (`COLLABORATIVE_SIGNAL`, global) for the personal and related lists,
 * hosted by the profiler (it learns) and by the API (it learns in the embedded default, else it
 * reloads what the profiler stored). Needs InfrastructureModule (bus, `COLLABORATIVE_STORE`).
 */
@Module({})
export class CollaborativeModule {
  static register(options: CollaborativeModuleOptions): DynamicModule {
    return {
      module: CollaborativeModule,
      global: true,
      providers: [
        { provide: COLLABORATIVE_MODULE_OPTIONS, useValue: options },
        {
          provide: CollaborativeModel,
          inject: [COLLABORATIVE_STORE],
          useFactory: (store: CollaborativeStore) => new CollaborativeModel(store, options, new Logger('Collaborative')),
        },
        { provide: COLLABORATIVE_SIGNAL, useExisting: CollaborativeModel },
        CollaborativeRunner,
      ],
      exports: [COLLABORATIVE_SIGNAL, CollaborativeModel, CollaborativeRunner],
    };
  }
}
