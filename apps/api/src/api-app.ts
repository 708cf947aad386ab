import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { httpSettings, type MarqueeConfig } from '@marquee/config';
import { createHttpApp, type HttpAppOptions } from '@marquee/http';
import { ApiAppModule } from './api-app.module';
import { CachedRelatedAnswers } from './events/cached-related-answers';

/** The demo page and the widget (copied next to the compiled code by the build). */
const PUBLIC_DIRECTORY = join(__dirname, '..', 'public');

/** The API's HTTP app: what `main` listens with, and what tests and benchmarks start. */
export const createApiApp = (config: MarqueeConfig, options: Pick<HttpAppOptions, 'logs'> = {}): Promise<NestFastifyApplication> =>
  createHttpApp(ApiAppModule.register(config), {
    ...options,
    server: httpSettings(config),
    publicDirectory: PUBLIC_DIRECTORY,
    earlyAnswers: CachedRelatedAnswers,
  });
