import { Module } from '@nestjs/common';
import { MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';
import { COLLABORATIVE_SIGNAL, EVENT_BUS, type CollaborativeSignal, type EventBus } from '@marquee/domain';
import { PROFILE_STORE, UserDataService, type ProfileStore } from '@marquee/profiles';
import { NO_COLLABORATIVE_SIGNAL } from '@marquee/recommending';
import { InteractionsController } from './interactions.controller';
import { UsersController } from './users.controller';

@Module({
  controllers: [UsersController, InteractionsController],
  providers: [
    {
      provide: UserDataService,
      inject: [EVENT_BUS, PROFILE_STORE, MARQUEE_CONFIG, { token: COLLABORATIVE_SIGNAL, optional: true }],
      useFactory: (bus: EventBus, profiles: ProfileStore, config: MarqueeConfig, collaborative: CollaborativeSignal | undefined) =>
        new UserDataService(bus, profiles, collaborative ?? NO_COLLABORATIVE_SIGNAL, config.USER_INTERACTIONS_RETENTION_DAYS),
    },
  ],
})
export class UsersModule {}
