import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { eventually } from '../support/eventually';
import { initApp, teardownAfterAll } from '../support/teardown';

/** What a newcomer gets from `npm start`: no Kafka, no Redis, the demo catalogue indexed in one process. */
describe('embedded mode (npm start)', () => {
  let app: NestFastifyApplication;
  const demoSize = demoFilmEvents(new Date()).length;

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, body: response.body, json: () => response.json() };
  };

  const teardown = teardownAfterAll();

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'DEMO_CATALOGUE']) delete process.env[name];
    process.env.LOG_LEVEL = 'silent';
    app = await initApp(teardown, 'api', () => createApiApp(validateMarqueeConfig(process.env), { logs: false }));
    await app.getHttpAdapter().getInstance().ready();
    // Not ready while the demo catalogue is being indexed; ready means all of it is served.
    const early = await get('/health/ready');
    expect(early.status).toBe(503);
    expect(early.json().error.index.message).toMatch(/demo catalogue|film-index/);
    await eventually(async () => expect((await get('/health/ready')).status).toBe(200), 120_000, 100);
    expect((await get('/events?pageSize=1')).json().total).toBe(demoSize);
  }, 180_000);

  it('serves the demo page, its script and the API docs', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/app.js"></script>');
    expect((await get('/app.js')).body).toContain('/related?limit=6');
    expect((await get('/docs')).status).toBe(200);
    const headers = (await app.inject({ method: 'GET', url: '/' })).headers;
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it("shows related events with upcoming screenings for the seed film, in the reader's language", async () => {
    const answer = (await get('/events/backstage-2023/related?limit=5', { 'accept-language': 'nl-BE,nl;q=0.9' })).json();
    expect(answer.results).toHaveLength(5);
    const now = Date.now();
    for (const result of answer.results) {
      expect(result.id).not.toBe('backstage-2023');
      expect(Date.parse(result.nextScreenings[0].start)).toBeGreaterThan(now);
      expect(result.nextScreenings[0].venue.city).toEqual(expect.any(String));
    }
    const backstage = (await get('/events/backstage-2023', { 'accept-language': 'nl' })).json();
    expect(backstage.synopsisLanguage).toBe('nl');
  });

  it('accepts writes with the development API key only', async () => {
    expect((await app.inject({ method: 'POST', url: '/events', payload: {} })).statusCode).toBe(401);
    const bad = await app.inject({
      method: 'POST',
      url: '/events',
      headers: { 'x-api-key': 'marquee-development-key' },
      payload: { type: 'film.added' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('is ready and healthy without Kafka or Redis', async () => {
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(health.json().details).toMatchObject({ index: { status: 'up' }, eventBus: { status: 'up' }, cache: { status: 'up' } });
  });
});
