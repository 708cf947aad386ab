import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { httpSettings, validateMarqueeConfig, type HttpSettings } from '@marquee/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { sep } from 'node:path';
import { eventTooLarge, MAX_EVENT_BYTES } from '@marquee/domain';
import { BodyTooLargeFilter } from './body-too-large.filter';
import { corsPolicy } from './cors-policy';
import { MarqueeFastifyAdapter } from './fastify-adapter';
import { answerBeforeFastify, type EarlyAnswers } from './early-answers';
import { logRequests, requestLog, type RequestLog } from './logging';
import { withoutDuplicateParameters } from './openapi-parameters';
import { answerOverlongQueryStrings, queryStringTooLong } from './query-string-limit';
import { securityHeaders } from './security-headers';

/** The widget's iframe page is made to be framed by listing sites on any origin; every other page keeps helmet's 'self'. */
const allowFramingOfWidgetPage = (response: object, path: string): void => {
  if (!path.endsWith(`${sep}widget${sep}related.html`)) return;
  // @fastify/static 10 passes the Fastify reply; Nest's option type still names the raw response.
  const reply = response as FastifyReply;
  reply.removeHeader('X-Frame-Options');
  const policy = String(reply.getHeader('Content-Security-Policy') ?? '');
  reply.header('Content-Security-Policy', policy.replace("frame-ancestors 'self'", 'frame-ancestors *'));
};

const DEFAULT_SERVER_SETTINGS = httpSettings(validateMarqueeConfig({}));

export interface HttpAppOptions {
  /** false silences every log (tests); otherwise logs go through pino. */
  logs?: boolean;
  /** Static pages served from `/` (the demo page and the widget). */
  publicDirectory?: string;
  /** Timeouts of the HTTP server (`httpSettings`); the defaults of an empty configuration when not given. */
  server?: HttpSettings;
  /** A provider of the root module that answers some requests of allowlisted routes before Fastify (`answerBeforeFastify`). */
  earlyAnswers?: Type<EarlyAnswers>;
}

/** Builds the Fastify-based HTTP app around a root module: security headers, OpenAPI, static pages. */
export const createHttpApp = async (
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> => {
  const adapter = new MarqueeFastifyAdapter(options.server ?? DEFAULT_SERVER_SETTINGS);
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    adapter,
    options.logs === false ? { logger: false } : { bufferLogs: true },
  );
  let log: RequestLog | undefined;
  if (options.logs !== false) {
    app.useLogger(app.get(Logger));
    const logger = (await app.resolve(PinoLogger)).logger;
    logRequests(app.getHttpAdapter().getInstance(), logger);
    log = requestLog(logger);
    adapter.onClientAbort = (request) =>
      logger.debug(
        { req: { id: request.id, method: request.method, url: request.url } },
        'client closed the connection before its request arrived',
      );
  }
  // SIGTERM: stop consuming, snapshot, close the bus and cache, then exit 0 rather than by the re-raised signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  app.enableCors(corsPolicy);
  app.useGlobalFilters(new BodyTooLargeFilter(app.getHttpAdapter()));
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  const fastify = app.getHttpAdapter().getInstance();
  answerOverlongQueryStrings(fastify.server);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    // Before routing, validation and logging: nothing reads an over-long query string.
    const refusal = queryStringTooLong(request.url);
    if (refusal) return void reply.code(414).send({ statusCode: 414, error: 'URI Too Long', message: refusal });
    // A declared size over the one message limit is refused before the body is read (a chunked one by bodyLimit).
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_EVENT_BYTES)
      return void reply.code(413).send({ statusCode: 413, error: 'Payload Too Large', message: eventTooLarge(declared) });
    done();
  });
  // In front of Fastify's request listener; an early answer replays the headers Fastify sent with a full answer to the same request.
  if (options.earlyAnswers) answerBeforeFastify(fastify, app.get(options.earlyAnswers), { log });
  if (options.publicDirectory) {
    app.useStaticAssets({ root: options.publicDirectory, prefix: '/', index: 'index.html', setHeaders: allowFramingOfWidgetPage });
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Marquee')
      .setDescription('Related events, search and film events for listing sites')
      .setVersion('0.1.0')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, withoutDuplicateParameters(document));
  return app;
};
