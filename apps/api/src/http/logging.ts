import type { Params } from 'nestjs-pino';
import type { MarqueeConfig } from '@marquee/config';

/** Structured JSON logs; probes are not logged per request. */
export const pinoOptions = (config: MarqueeConfig): Params => ({
  pinoHttp: {
    level: config.LOG_LEVEL,
    autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
    redact: ['req.headers["x-api-key"]', 'req.headers.authorization'],
  },
});
