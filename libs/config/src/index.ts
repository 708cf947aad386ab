export {
  apiKeyOf,
  DEVELOPMENT_API_KEY,
  isEmbedded,
  usesDevelopmentKey,
  validateMarqueeConfig,
  type MarqueeConfig,
} from './marquee-config.schema';
export {
  audienceSettings,
  DASHBOARD_LANGUAGES,
  collaborativeSettings,
  collaborativeStoreSettings,
  httpSettings,
  type HttpSettings,
  indexingSettings,
  memoryCacheSettings,
  newsletterSettings,
  personalSettings,
  profilerSettings,
  profileSettings,
  profileStoreSettings,
  publishesDemoCatalogue,
  recommendingSettings,
  replicaSettings,
  retrySettings,
  themeSettings,
} from './settings';
export { MARQUEE_CONFIG } from './tokens';
