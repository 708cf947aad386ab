import type { INestApplicationContext } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@marquee/metrics';

/** What Prometheus would scrape from this app's METRICS_PORT (tests do not listen on it: apps share the process). */
export const metricsText = (app: INestApplicationContext): Promise<string> => app.get<Registry>(METRICS_REGISTRY).metrics();
