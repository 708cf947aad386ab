import pino from 'pino';
import { Writable } from 'node:stream';
import { validateMarqueeConfig } from '@marquee/config';
import { pinoOptions, requestLog } from './logging';
import { REDACTED, redactSecrets } from './redaction';

/** A pino logger with the options every Marquee app logs with, writing its lines to an array. */
const capturingLogger = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').trim().split('\n'));
      done();
    },
  });
  const { pinoHttp } = pinoOptions(validateMarqueeConfig({ LOG_LEVEL: 'debug' }));
  return { logger: pino(pinoHttp as pino.LoggerOptions, stream), lines };
};

describe('secrets in logs', () => {
  it('redacts credential-like query parameters, keeping every other one', () => {
    expect(redactSecrets('/events?api_key=s3cret&limit=3')).toBe(`/events?api_key=${REDACTED}&limit=3`);
    expect(redactSecrets('/x?apiKey=a&access_token=b&X-Amz-Signature=c&password=d&q=film&sig=e')).toBe(
      `/x?apiKey=${REDACTED}&access_token=${REDACTED}&X-Amz-Signature=${REDACTED}&password=${REDACTED}&q=film&sig=${REDACTED}`,
    );
    expect(redactSecrets('/x?api%5Fkey=a&city=Gent')).toBe(`/x?api%5Fkey=${REDACTED}&city=Gent`);
    expect(redactSecrets('/events/tmdb-1/related?limit=6&lang=nl')).toBe('/events/tmdb-1/related?limit=6&lang=nl');
  });

  it('keeps keys, tokens and cookies out of every line: request URLs, headers and message texts', () => {
    const { logger, lines } = capturingLogger();
    requestLog(logger)({ method: 'GET', url: '/events?limit=2&api_key=leak-1' }, 200, 1);
    requestLog(logger)({ method: 'POST', url: '/events?token=leak-2' }, 401, 1);
    logger.warn(
      {
        req: { url: '/feedback?secret=leak-3', headers: { authorization: 'Bearer leak-4', 'x-api-key': 'leak-5', cookie: 'sid=leak-6' } },
        res: { headers: { 'set-cookie': 'sid=leak-7' } },
      },
      'refused https://marquee.example/events?signature=leak-8&page=2',
    );
    const text = lines.join('\n');
    expect(lines).toHaveLength(3);
    expect(text).not.toMatch(/leak-\d/);
    expect(text).toContain('limit=2');
    expect(text).toContain('page=2');
    expect(text.split(REDACTED).length - 1).toBe(8);
  });
});
