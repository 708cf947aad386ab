import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';

export const listen = async (app: NestFastifyApplication): Promise<void> => {
  const config = app.get<MarqueeConfig>(MARQUEE_CONFIG);
  await app.listen(config.PORT, config.HOST);
  new Logger('Marquee').log(`serving on ${await app.getUrl()}`);
};

/** A start-up failure (bad configuration, model missing) ends the process with the reason, not a stack of Nest internals. */
export const exitOnStartupFailure = (error: unknown): never => {
  console.error(`Marquee could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
};
