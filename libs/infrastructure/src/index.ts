export * from './infrastructure.module';
export * from './metrics/metrics.module';
export * from './tokens';
