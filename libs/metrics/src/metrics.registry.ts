export const METRICS_REGISTRY = Symbol('MetricsRegistry');
