import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { IndexerAppModule } from './indexer-app.module';

/** The indexer has no HTTP surface: a Nest application context that consumes until SIGTERM. */
const main = async (): Promise<void> => {
  const app = await NestFactory.createApplicationContext(IndexerAppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
};

main().catch((error: unknown) => {
  console.error(`Marquee indexer could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
