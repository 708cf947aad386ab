import { Module } from '@nestjs/common';
import { FilmCatalogue } from '@marquee/catalogue';
import { MARQUEE_CONFIG, newsletterSettings, recommendingSettings, type MarqueeConfig } from '@marquee/config';
import { NewsletterLinks, NewsletterPreview, ProfileSubscriberSource } from '@marquee/newsletter';
import { PROFILE_STORE, type ProfileStore } from '@marquee/profiles';
import { NewsletterController } from './newsletter.controller';
import { NEWSLETTER_LINKS } from './newsletter.tokens';

@Module({
  controllers: [NewsletterController],
  providers: [
    {
      provide: NewsletterPreview,
      inject: [FilmCatalogue, MARQUEE_CONFIG, PROFILE_STORE],
      useFactory: (catalogue: FilmCatalogue, config: MarqueeConfig, profiles: ProfileStore) =>
        new NewsletterPreview(
          catalogue,
          recommendingSettings(config),
          newsletterSettings(config),
          (edition) => new ProfileSubscriberSource(profiles, edition),
        ),
    },
    {
      provide: NEWSLETTER_LINKS,
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig) => new NewsletterLinks(newsletterSettings(config).links),
    },
  ],
})
export class NewsletterModule {}
