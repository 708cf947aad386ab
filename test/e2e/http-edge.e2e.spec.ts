import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '@marquee/api-app';
import { DEVELOPMENT_API_KEY, validateMarqueeConfig } from '@marquee/config';
import { EVENT_BUS, type EventBus } from '@marquee/domain';
import { MetricsServer } from '@marquee/metrics';

/** What the HTTP edge allows and refuses, whatever the route behind it (embedded mode, no demo catalogue). */
describe('HTTP edge', () => {
  let app: NestFastifyApplication;
  let port: number;
  const page = 'https://any-page.example';
  const REQUEST_TIMEOUT_MS = 1_500;

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'PORT']) delete process.env[name];
    Object.assign(process.env, {
      DEMO_CATALOGUE: 'false',
      SNAPSHOT_DIR: 'off',
      LOG_LEVEL: 'silent',
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      TRUST_PROXY: 'loopback',
    });
    app = await createApiApp(validateMarqueeConfig(process.env), { logs: false });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    for (const name of ['DEMO_CATALOGUE', 'HTTP_REQUEST_TIMEOUT_MS', 'HTTP_HEADERS_TIMEOUT_MS', 'TRUST_PROXY']) delete process.env[name];
  });

  /** Sends `head` (and never the rest) on a raw socket; what the server answered by the time it closed the socket, or 'still open'. */
  const sendAndWait = (head: string, waitMs: number) =>
    new Promise<string>((resolve, reject) => {
      let answer = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(head));
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve('still open');
      }, waitMs);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve(answer);
      });
      socket.on('error', reject);
    });

  describe('behind a reverse proxy (TRUST_PROXY=loopback)', () => {
    const remaining = async (forwardedFor: string, remoteAddress = '127.0.0.1') =>
      Number(
        (await app.inject({ method: 'GET', url: '/events?pageSize=1', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } }))
          .headers['x-ratelimit-remaining'],
      );

    it('keys the rate limit on the client the trusted proxy names, not on the proxy', async () => {
      const first = await remaining('198.51.100.7');
      expect(await remaining('198.51.100.7')).toBe(first - 1);
      // Another visitor through the same proxy has a bucket of its own.
      expect(await remaining('198.51.100.8')).toBe(first);
    });

    it('ignores X-Forwarded-For from an address it does not trust', async () => {
      const first = await remaining('198.51.100.20', '203.0.113.9');
      // The header is the client's own claim here: the bucket stays the socket address's.
      expect(await remaining('198.51.100.21', '203.0.113.9')).toBe(first - 1);
    });
  });

  describe('readiness', () => {
    it('stays ready while the event bus is down, reporting it; /health names it down', async () => {
      const bus = app.get<EventBus>(EVENT_BUS);
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).json()).toMatchObject({
        status: 'ok',
        details: { index: { status: 'up' }, eventBus: { status: 'up', reachable: true } },
      });
      const down = jest.spyOn(bus, 'ping').mockRejectedValue(new Error('broker 127.0.0.1:9092 unreachable'));
      try {
        const ready = await app.inject({ method: 'GET', url: '/health/ready' });
        expect(ready.statusCode).toBe(200);
        expect(ready.json().details.eventBus).toMatchObject({
          reachable: false,
          message: expect.stringMatching(/reads are served.*unreachable/),
        });
        const health = await app.inject({ method: 'GET', url: '/health' });
        expect(health.statusCode).toBe(503);
        expect(health.json().error.eventBus).toMatchObject({ status: 'down' });
      } finally {
        down.mockRestore();
      }
    });
  });

  describe('metrics', () => {
    it('are served on a port of their own, never on the public one, whatever the rate limit', async () => {
      const url = await app.get(MetricsServer).listen(0, '127.0.0.1');
      expect(new URL(url).port).not.toBe(String(port));
      const scraped = await fetch(url);
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await scraped.text()).toMatch(/^marquee_process_cpu_seconds_total \d/m);
      expect((await fetch(`${url.replace(/\/metrics$/, '')}/events`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    });
  });

  describe('timeouts', () => {
    it('answers 408 and closes the socket when a body never arrives', async () => {
      const head = 'POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":';
      const answer = await sendAndWait(head, REQUEST_TIMEOUT_MS * 6);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('answers 408 and closes the socket when the headers never end', async () => {
      const answer = await sendAndWait('GET /events HTTP/1.1\r\nHost: x\r\nX-Slow: ', REQUEST_TIMEOUT_MS * 6);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    });
  });

  const preflight = (url: string, method: string, headers = 'content-type') =>
    app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: page, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  describe('CORS', () => {
    it('lets any page read, with its origin reflected', async () => {
      const read = await app.inject({ method: 'GET', url: '/events?pageSize=1', headers: { origin: page } });
      expect(read.statusCode).toBe(200);
      expect(read.headers['access-control-allow-origin']).toBe(page);
      const asked = await preflight('/events/some-film/related?limit=3', 'GET', 'accept-language');
      expect(asked.statusCode).toBe(204);
      expect(asked.headers['access-control-allow-origin']).toBe(page);
      expect(asked.headers['access-control-allow-methods']).toBe('GET, HEAD');
    });

    it("lets any page send the widget's feedback beacon, and only that write", async () => {
      const asked = await preflight('/feedback', 'POST');
      expect(asked.statusCode).toBe(204);
      expect(asked.headers['access-control-allow-origin']).toBe(page);
      expect(asked.headers['access-control-allow-methods']).toBe('POST');
      expect(asked.headers['access-control-allow-headers']).toBe('accept, accept-language, content-type');
      const sent = await app.inject({ method: 'POST', url: '/feedback', headers: { origin: page }, payload: { type: 'nonsense' } });
      expect(sent.statusCode).toBe(400);
      expect(sent.headers['access-control-allow-origin']).toBe(page);
    });

    it('refuses the preflight of every other write, and never lets a page send or read an API key cross-origin', async () => {
      for (const [url, method] of [
        ['/events', 'POST'],
        ['/events/some-film', 'DELETE'],
        ['/feedback', 'PUT'],
      ]) {
        const asked = await preflight(url, method, 'content-type, x-api-key');
        expect({ url, method, status: asked.statusCode }).toEqual({ url, method, status: 404 });
        expect(asked.headers['access-control-allow-origin']).toBeUndefined();
        expect(asked.headers['access-control-allow-methods']).toBeUndefined();
      }
      // A read preflight that asks for the key header gets no allowance for it: the browser then refuses to send it.
      const keyed = await preflight('/events', 'GET', 'x-api-key');
      expect(keyed.headers['access-control-allow-headers']).not.toMatch(/x-api-key|authorization/i);
    });

    it('gives a cross-origin write no CORS headers, so a page cannot read what it did', async () => {
      const write = await app.inject({
        method: 'POST',
        url: '/events',
        headers: { origin: page, 'x-api-key': DEVELOPMENT_API_KEY },
        payload: { type: 'film.added' },
      });
      expect(write.statusCode).toBe(400);
      expect(write.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
