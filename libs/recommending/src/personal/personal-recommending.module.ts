import { Module, type DynamicModule } from '@nestjs/common';
import { FilmCatalogue } from '@marquee/catalogue';
import { COLLABORATIVE_SIGNAL, type CollaborativeSignal } from '@marquee/domain';
import { PROFILE_STORE, type ProfileStore } from '@marquee/profiles';
import { Recommender, type RecommenderOptions } from '../recommender';
import { NO_COLLABORATIVE_SIGNAL } from './no-collaborative-signal';
import { PersonalRecommendationsService } from './personal-recommendations.service';
import { PersonalRecommender, type PersonalRecommenderOptions } from './personal-recommender';

export type PersonalRecommendingOptions = RecommenderOptions & PersonalRecommenderOptions;

/**
 * Personal recommendations over this process's catalogue: needs the catalogue (`ReplicaModule`) and
 * the profile store (`InfrastructureModule`), both global; the collaborative signal when a module
 * provides `COLLABORATIVE_SIGNAL`, none otherwise.
 */
@Module({})
export class PersonalRecommendingModule {
  static register(options: PersonalRecommendingOptions): DynamicModule {
    return {
      module: PersonalRecommendingModule,
      global: true,
      providers: [
        {
          provide: PersonalRecommender,
          inject: [FilmCatalogue, { token: COLLABORATIVE_SIGNAL, optional: true }],
          useFactory: (catalogue: FilmCatalogue, collaborative: CollaborativeSignal | undefined) =>
            new PersonalRecommender(catalogue, new Recommender(catalogue, options), collaborative ?? NO_COLLABORATIVE_SIGNAL, options),
        },
        {
          provide: PersonalRecommendationsService,
          inject: [PROFILE_STORE, PersonalRecommender, { token: COLLABORATIVE_SIGNAL, optional: true }],
          useFactory: (profiles: ProfileStore, personal: PersonalRecommender, collaborative: CollaborativeSignal | undefined) =>
            new PersonalRecommendationsService(profiles, personal, collaborative ?? NO_COLLABORATIVE_SIGNAL),
        },
      ],
      exports: [PersonalRecommender, PersonalRecommendationsService],
    };
  }
}
