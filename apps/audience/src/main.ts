import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { validateMarqueeConfig } from '@marquee/config';
import { exitOnStartupFailure, listen } from '@marquee/http';
import { AudienceAppModule } from './audience-app.module';

const main = async (): Promise<NestFastifyApplication> => {
  const module = AudienceAppModule.register(validateMarqueeConfig(process.env));
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return app;
};

main().then(listen).catch(exitOnStartupFailure);
