import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { validateMarqueeConfig } from '@marquee/config';
import { exitOnStartupFailure, listen } from '@marquee/http';
import { ProfilerAppModule } from './profiler-app.module';

const main = async (): Promise<NestFastifyApplication> => {
  const module = ProfilerAppModule.register(validateMarqueeConfig(process.env));
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // On SIGTERM: stop fetching, finish and commit the batch in flight, close the bus, then exit 0
  // (without useProcessExit Nest re-raises the signal, and the process would end by it instead).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
};

main().then(listen).catch(exitOnStartupFailure);
