import type { audienceSettings, themeSettings } from '@marquee/config';

/** What `AudienceModule.register` takes. */
export interface AudienceModuleOptions {
  audience: ReturnType<typeof audienceSettings>;
  themes: ReturnType<typeof themeSettings>;
  /** Consume `user-interactions` and recompute themes here (the audience app, the embedded API); else only answer queries. */
  worker: boolean;
  /** Redis for the aggregates; undefined: in memory (embedded). */
  redisUrl?: string;
}

export const AUDIENCE_OPTIONS = Symbol('AudienceModuleOptions');
