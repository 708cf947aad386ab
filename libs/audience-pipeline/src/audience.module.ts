import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import {
  AUDIENCE_STORE,
  AudienceAggregator,
  AudienceQueries,
  MemoryAudienceStore,
  PROGRAMME,
  RedisAudienceStore,
  Suppression,
  type AudienceStore,
  type Programme,
} from '@marquee/audience';
import { FilmCatalogue } from '@marquee/catalogue';
import { AUDIENCE_OPTIONS, type AudienceModuleOptions } from './audience-options';
import { AudienceConsumers } from './audience-consumers';
import { CatalogueProgramme } from './catalogue-programme';
import { CurrentThemes } from './current-themes';
import { SyntheticAudienceLoader } from './synthetic-audience.loader';
import { ThemeRecomputation } from './theme-recomputation';

class AudienceStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(AUDIENCE_STORE) private readonly store: AudienceStore) {}

  /** After the consumers stopped (their module hooks run first). */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Audience analytics wired for Nest: the store (Redis or memory), the current themes, the queries
 * the API answers with; with `worker`, also the consumers of `user-interactions` and
 * `user-erasures`, theme recomputation and (embedded) the synthetic interactions. Needs the
 * catalogue replica (ReplicaModule) and the infrastructure (event bus), both global.
 */
@Module({})
export class AudienceModule {
  static register(options: AudienceModuleOptions): DynamicModule {
    const { audience } = options;
    const worker: Provider[] = options.worker
      ? [AudienceConsumers, ThemeRecomputation, ...(audience.syntheticWeeks > 0 ? [SyntheticAudienceLoader] : [])]
      : [];
    return {
      module: AudienceModule,
      providers: [
        { provide: AUDIENCE_OPTIONS, useValue: options },
        {
          provide: AUDIENCE_STORE,
          useFactory: (): AudienceStore =>
            options.redisUrl
              ? new RedisAudienceStore(options.redisUrl, { keyPrefix: audience.keyPrefix, retentionWeeks: audience.retentionWeeks })
              : new MemoryAudienceStore({ retentionWeeks: audience.retentionWeeks }),
        },
        AudienceStoreLifecycle,
        CurrentThemes,
        {
          provide: PROGRAMME,
          inject: [FilmCatalogue],
          useFactory: (catalogue: FilmCatalogue): Programme => new CatalogueProgramme(catalogue),
        },
        {
          provide: AudienceAggregator,
          inject: [AUDIENCE_STORE, CurrentThemes],
          useFactory: (store: AudienceStore, themes: CurrentThemes) => new AudienceAggregator(store, () => themes.get()),
        },
        {
          provide: AudienceQueries,
          inject: [AUDIENCE_STORE, PROGRAMME, CurrentThemes],
          useFactory: (store: AudienceStore, programme: Programme, themes: CurrentThemes) =>
            new AudienceQueries(store, new Suppression(audience.minUsers), audience, programme, () => themes.get()),
        },
        ...worker,
      ],
      exports: [AUDIENCE_STORE, CurrentThemes, AudienceAggregator, AudienceQueries, ...worker],
    };
  }
}
