export { DEVELOPMENT_API_KEY, isEmbedded, validateMarqueeConfig, type MarqueeConfig } from './marquee-config.schema';
export {
  audienceSettings,
  DASHBOARD_LANGUAGES,
  collaborativeSettings,
  indexingSettings,
  newsletterSettings,
  profileSettings,
  profileStoreSettings,
  publishesDemoCatalogue,
  recommendingSettings,
  replicaSettings,
  retrySettings,
  themeSettings,
} from './settings';
export { MARQUEE_CONFIG } from './tokens';
