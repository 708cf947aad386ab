import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MetricsServer } from '@marquee/metrics';
import { DEVELOPMENT_API_KEY, httpSettings, MARQUEE_CONFIG, usesDevelopmentKey, type MarqueeConfig } from '@marquee/config';

/** What a process should shout about at start: a configuration fit for a laptop only. */
export const startupWarnings = (config: MarqueeConfig): string[] =>
  usesDevelopmentKey(config)
    ? [
        `API_KEY is unset: writes (POST /events) accept the PUBLIC development key "${DEVELOPMENT_API_KEY}". ` +
          'Anyone who can reach this port can publish films. Set API_KEY before exposing it.',
      ]
    : [];

export const listen = async (app: NestFastifyApplication): Promise<void> => {
  const config = app.get<MarqueeConfig>(MARQUEE_CONFIG);
  const { host, port, metricsPort } = httpSettings(config);
  await app.listen(port, host);
  const logger = new Logger('Marquee');
  logger.log(`serving on ${await app.getUrl()}`);
  if (metricsPort !== undefined) {
    // Metrics matter less than serving: a taken port is reported, and the app serves on without them.
    await app
      .get(MetricsServer)
      .listen(metricsPort, host)
      .then(
        (url) => logger.log(`metrics on ${url}`),
        (error: unknown) => logger.error(`metrics not served on port ${metricsPort} (METRICS_PORT): ${(error as Error).message}`),
      );
  }
  for (const warning of startupWarnings(config)) logger.warn(`*** ${warning} ***`);
};

/** A start-up failure (bad configuration, model missing) ends the process with the reason, not a stack of Nest internals. */
export const exitOnStartupFailure = (error: unknown): never => {
  console.error(`Marquee could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
};
