export { DEVELOPMENT_API_KEY, isEmbedded, validateMarqueeConfig, type MarqueeConfig } from './marquee-config.schema';
export { indexingSettings, publishesDemoCatalogue, recommendingSettings, replicaSettings, retrySettings } from './settings';
export { MARQUEE_CONFIG } from './tokens';
