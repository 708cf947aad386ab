import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startNodeApp, type NodeApp } from '../support/child-process';
import { eventually } from '../support/eventually';
import { addedEvent, testFilm } from '../support/films';
import { pick, seededRandom } from '@marquee/random';

const API_KEY = 'bounded-memory-key-0123456789';
const FILMS = 60;
const SYNOPSIS_CHARS = 99_000;
const DIVERSITIES = ['0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8'];
/** Growth allowed while ~540 distinct answers are cached: the caches' byte budgets (64 + 16 + 4 MiB by default) with room for the heap's slack. */
const MAX_RSS_GROWTH_BYTES = 400 * 1024 * 1024;

const WORDS =
  'war resistance family exile migration dance theatre music city river memory border childhood love letter archive sea mountain village factory strike protest election prison garden train island winter summer photograph'.split(
    ' ',
  );

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const rssOf = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:')) as string;
  return Number(line.replace(/\D+/g, '')) * 1024;
};

/**
 * The embedded process (`apps/api/src/main.ts`, what `npm start` runs) under the load that made it
 * die of "heap out of memory": films with ~99 KB synopses and hundreds of distinct `limit=50`
 * related requests. Cards carry a synopsis excerpt and every in-process cache is bounded by bytes,
 * so RSS stays bounded.
 */
describe('memory of the embedded process under many distinct large answers', () => {
  let app: NodeApp;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = startNodeApp('apps/api/src/main.ts', {
      API_KEY,
      DEMO_CATALOGUE: 'false',
      EMBEDDING_THREADS: '1',
      RATE_LIMIT_PER_MINUTE: '1000000',
      RELATED_MAX_LIMIT: '50',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    await eventually(async () => expect((await fetch(`${base}/health/ready`).catch(() => ({ status: 0 }))).status).toBe(200), 180_000, 250);

    const random = seededRandom(99);
    for (let i = 0; i < FILMS; i++) {
      let synopsis = '';
      while (synopsis.length < SYNOPSIS_CHARS) synopsis += `${pick(random, WORDS)} `;
      const film = testFilm(`long-synopsis-${i}`, { synopses: { en: synopsis.trim() } }, { hoursFromNow: [24 + i, 48 + i] });
      const response = await fetch(`${base}/events`, {
        method: 'POST',
        headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify(addedEvent(film)),
      });
      expect(response.status).toBe(202);
    }
    await eventually(
      async () => expect(((await (await fetch(`${base}/events?pageSize=1`)).json()) as { total: number }).total).toBe(FILMS),
      // Generous: embedding 60 long synopses on one thread of a machine other test runs share.
      300_000,
      500,
    );
  }, 540_000);

  afterAll(async () => {
    app?.kill('SIGKILL');
    await app?.exited;
  });

  it('cards carry a synopsis excerpt, GET /events/:id the whole text', async () => {
    const related = (await (await fetch(`${base}/events/long-synopsis-0/related?limit=50`)).json()) as {
      results: { synopsis: string; synopsisTruncated?: boolean }[];
    };
    expect(related.results.length).toBeGreaterThan(10);
    for (const card of related.results) {
      expect(card.synopsis.length).toBeLessThanOrEqual(300);
      expect(card.synopsis.endsWith('…')).toBe(true);
      expect(card.synopsisTruncated).toBe(true);
    }
    const listed = (await (await fetch(`${base}/events?pageSize=100`)).json()) as { items: { synopsis: string }[] };
    expect(Math.max(...listed.items.map((card) => card.synopsis.length))).toBeLessThanOrEqual(300);
    const whole = (await (await fetch(`${base}/events/long-synopsis-0`)).json()) as { synopsis: string; synopsisTruncated?: boolean };
    expect(whole.synopsis.length).toBeGreaterThan(SYNOPSIS_CHARS - 20);
    expect(whole.synopsisTruncated).toBeUndefined();
  });

  it('keeps RSS bounded over ~540 distinct limit=50 related requests', async () => {
    const before = rssOf(app.pid);
    const urls = Array.from({ length: FILMS }, (_, i) =>
      DIVERSITIES.map((d) => `/events/long-synopsis-${i}/related?limit=50&diversity=${d}`),
    ).flat();
    let peak = before;
    for (let start = 0; start < urls.length; start += 4) {
      const statuses = await Promise.all(urls.slice(start, start + 4).map(async (url) => (await fetch(`${base}${url}`)).status));
      expect(statuses).toEqual(statuses.map(() => 200));
      peak = Math.max(peak, rssOf(app.pid));
    }
    // Served again, from the caches that are now full: no growth either.
    for (const url of urls.slice(0, 40)) expect((await fetch(`${base}${url}`)).status).toBe(200);
    peak = Math.max(peak, rssOf(app.pid));
    expect(peak - before).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  }, 300_000);
});
