import { connect, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { EVENT_BUS, eventTooLarge, MAX_EVENT_BYTES, Topics, type EventBus, type IncomingMessage } from '@marquee/domain';
import { DeadLetterHeaders } from '@marquee/messaging';
import { eventually } from '../support/eventually';
import { addedEvent, testFilm } from '../support/films';
import { initApp, teardownAfterAll } from '../support/teardown';

const API_KEY = 'edge-limits-key-0123456789';

/**
 * What the HTTP edge refuses, and that the consumers refuse the same, in embedded mode (in-process
 * bus, no demo catalogue): one limit, one schema, one reason.
 */
describe('the HTTP edge and the consumers refuse the same things', () => {
  let app: NestFastifyApplication;
  const deadLetters: IncomingMessage[] = [];
  let bus: EventBus;

  const post = (url: string, payload: string | Buffer, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...headers }, payload });

  const teardown = teardownAfterAll();

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL']) delete process.env[name];
    Object.assign(process.env, { API_KEY, DEMO_CATALOGUE: 'false', LOG_LEVEL: 'silent', EMBEDDING_THREADS: '1' });
    teardown.add('environment', () => {
      for (const name of ['API_KEY', 'DEMO_CATALOGUE', 'LOG_LEVEL', 'EMBEDDING_THREADS']) delete process.env[name];
    });
    app = await initApp(teardown, 'api', () => createApiApp(validateMarqueeConfig(process.env), { logs: false }));
    await app.listen(0, '127.0.0.1');
    bus = app.get<EventBus>(EVENT_BUS);
    teardown.track(
      'dead-letter reader',
      await bus.subscribe({
        topic: Topics.filmEventsDeadLetter,
        groupId: 'edge-limits-dlq',
        fromBeginning: true,
        handleBatch: async (batch) => void deadLetters.push(...batch.messages),
      }),
      (reader) => reader.stop(),
    );
  }, 120_000);

  /** A valid event padded with whitespace to `bytes`. */
  const padded = (id: string, bytes: number): string => {
    const json = JSON.stringify(addedEvent(testFilm(id)));
    return `${json}${' '.repeat(bytes - Buffer.byteLength(json))}`;
  };

  it('answers 413 naming the limit for a film event over MAX_EVENT_BYTES, and the consumer dead-letters it with the same reason', async () => {
    const body = padded('too-large', 1_500_000);
    const refused = await post('/events', body);
    expect(refused.statusCode).toBe(413);
    expect(refused.json().message).toBe(eventTooLarge(1_500_000));
    expect(refused.json().message).toContain(String(MAX_EVENT_BYTES));

    await bus.publish(Topics.filmEvents, [{ key: 'too-large', value: body }]);
    await eventually(async () => expect(deadLetters.map((m) => m.key)).toContain('too-large'));
    const letter = deadLetters.find((m) => m.key === 'too-large') as IncomingMessage;
    expect(letter.headers[DeadLetterHeaders.reason]).toBe(refused.json().message);
  });

  it('refuses a body sent without a length once it passes the limit, naming it', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/events',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      payload: Readable.from([Buffer.from(padded('chunked', 1_200_000))]),
    });
    expect(refused.statusCode).toBe(413);
    expect(refused.json().message).toBe(eventTooLarge());
  });

  it('refuses script URLs with 400 naming the field, as the consumer dead-letters them', async () => {
    const film = testFilm('script-link');
    const event = addedEvent({ ...film, url: 'https://example.org/ok' });
    const withLink = (patch: object) => JSON.stringify({ ...event, film: { ...film, url: 'https://example.org/ok', ...patch } });
    const screening = film.screenings[0];
    const cases: [string, string][] = [
      [withLink({ url: 'javascript:alert(1)' }), 'film.url: must be an http:// or https:// URL'],
      [withLink({ image: 'data:image/svg+xml,<svg onload=alert(1)>' }), 'film.image: must be an http:// or https:// URL'],
      [
        withLink({ screenings: [{ ...screening, bookingUrl: 'vbscript:msgbox(1)' }] }),
        'film.screenings.0.bookingUrl: must be an http:// or https:// URL',
      ],
    ];
    for (const [body, reason] of cases) {
      const refused = await post('/events', body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toBe(reason);
    }
    await bus.publish(Topics.filmEvents, [{ key: 'script-link', value: cases[0][0] }]);
    await eventually(async () => expect(deadLetters.map((m) => m.key)).toContain('script-link'));
    expect(deadLetters.find((m) => m.key === 'script-link')?.headers[DeadLetterHeaders.reason]).toBe(cases[0][1]);
    expect((await post('/events', JSON.stringify(event))).statusCode).toBe(202);
  });

  it('reads query parameters strictly: decimal numbers, given once, a "+" offset with a hint', async () => {
    const message = async (url: string) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(400);
      return response.json().message as string;
    };
    expect(await message('/events/any-film/related?limit=0x10')).toMatch(/^limit: must be a whole number in decimal digits/);
    expect(await message('/events?pageSize=1e2')).toMatch(/^pageSize: must be a whole number in decimal digits/);
    expect(await message('/events?q=a&q=b')).toBe('q: give it once, not repeated');
    expect(await message('/search?q=a&q=b')).toBe('q: give it once, not repeated');
    expect(await message('/events/any-film/related?from=2026-03-24T20:00:00+01:00')).toMatch(
      /send it as %2B \(2026-03-24T20:00:00%2B01:00\)/,
    );
  });

  it('documents each parameter of an operation once in OpenAPI, and the query parameters of GET /events', async () => {
    type Parameter = { name: string; in: string; description?: string };
    const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json() as {
      paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
    };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const ids = (operation.parameters ?? []).map((p) => `${p.in}:${p.name.toLowerCase()}`);
        expect({ operation: `${method} ${path}`, ids }).toEqual({ operation: `${method} ${path}`, ids: [...new Set(ids)] });
      }
    }
    const listing = document.paths['/events'].get.parameters ?? [];
    expect(listing.filter((p) => p.in === 'header').map((p) => p.name)).toEqual(['Accept-Language']);
    const query = listing.filter((p) => p.in === 'query');
    expect(query.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'page', 'pageSize', 'from', 'to', 'city', 'genres', 'lang']));
    expect(query.every((p) => p.description)).toBe(true);
  });

  it('answers 414 for any query string over the limit, however long, and 431 only for over-long headers', async () => {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    /** The status line and body of a raw HTTP/1.1 request, sent as one write. */
    const raw = (head: string): Promise<{ status: string; body: string }> =>
      new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(`${head}\r\n\r\n`));
        const chunks: Buffer[] = [];
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.on('error', reject);
        socket.on('close', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: text.split('\r\n')[0], body: text.slice(text.indexOf('\r\n\r\n') + 4) });
        });
        socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
      });
    for (const length of [9_000, 20_000, 100_000]) {
      const answer = await raw(`GET /events?q=${'a'.repeat(length)} HTTP/1.1\r\nHost: x\r\nConnection: close`);
      expect(answer.status).toBe('HTTP/1.1 414 URI Too Long');
      expect(JSON.parse(answer.body).message).toMatch(/^query string is (over )?\d+ bytes, the limit is 8192$/);
    }
    const header = await raw(`GET /events HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\nConnection: close`);
    expect(header.status).toMatch(/^HTTP\/1.1 431/);
  });

  it('accepts an event just under the limit', async () => {
    const accepted = await post('/events', padded('just-under', MAX_EVENT_BYTES - 10));
    expect(accepted.statusCode).toBe(202);
  });
});
