export * from './marquee-config.schema';
