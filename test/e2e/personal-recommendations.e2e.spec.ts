import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { eventually } from '../support/eventually';

/** Personal recommendations in embedded mode: the beacon's feedback reaches the profile, and the list follows. */
describe('GET /users/:id/recommendations (embedded mode)', () => {
  let app: NestFastifyApplication;
  const demoSize = demoFilmEvents(new Date()).length;

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, json: () => response.json() };
  };
  const feedback = (payload: object) => app.inject({ method: 'POST', url: '/feedback', payload });

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'DEMO_CATALOGUE']) delete process.env[name];
    process.env.LOG_LEVEL = 'silent';
    app = await createApiApp(validateMarqueeConfig(process.env), { logs: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    await eventually(async () => expect((await get('/events?pageSize=1')).json().total).toBe(demoSize), 120_000, 500);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('answers a user never seen with a cold start: popular upcoming events, explained as such', async () => {
    const answer = (await get('/users/newcomer-1/recommendations?limit=5')).json();

    expect(answer).toMatchObject({ userId: 'newcomer-1', coldStart: true, profileVersion: 0 });
    expect(answer.results).toHaveLength(5);
    for (const result of answer.results) {
      expect(result.explanations[0]).toMatch(/^Popular (in .+|right now)/);
      expect(Date.parse(result.nextScreenings[0].start)).toBeGreaterThan(Date.now());
    }
  });

  it('follows a few clicks: the liked film is left out and named as the reason, in the reader language', async () => {
    expect((await feedback({ type: 'like', filmId: 'backstage-2023', userId: 'visitor-7' })).statusCode).toBe(202);

    await eventually(async () => expect((await get('/users/visitor-7/recommendations')).json().coldStart).toBe(false), 10_000, 100);
    const answer = (await get('/users/visitor-7/recommendations?limit=6', { 'accept-language': 'nl' })).json();
    const ids = answer.results.map((r: { id: string }) => r.id);
    expect(ids).not.toContain('backstage-2023');
    expect(answer.results.some((r: { explanations: string[] }) => r.explanations[0] === 'Omdat je Backstage leuk vond')).toBe(true);

    const dismissed = ids[0];
    expect((await feedback({ type: 'dismiss', filmId: dismissed, userId: 'visitor-7' })).statusCode).toBe(202);
    await eventually(
      async () =>
        expect((await get('/users/visitor-7/recommendations?limit=6')).json().results.map((r: { id: string }) => r.id)).not.toContain(
          dismissed,
        ),
      10_000,
      100,
    );
  });

  it('takes server-side history on POST /interactions with the API key, exports it, and erases it on DELETE /users/:id', async () => {
    const key = { 'x-api-key': 'marquee-development-key' };
    const history = [
      { type: 'preferences', userId: 'member-3', preferences: { city: 'Gent', languages: ['fr'] } },
      { type: 'rating', userId: 'member-3', filmId: 'backstage-2023', rating: 4.5, occurredAt: '2025-01-05T20:00:00Z' },
    ];
    expect((await app.inject({ method: 'POST', url: '/interactions', payload: history })).statusCode).toBe(401);
    const bad = await app.inject({
      method: 'POST',
      url: '/interactions',
      headers: key,
      payload: [history[0], { ...history[1], rating: 9 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('1.rating');
    const accepted = await app.inject({ method: 'POST', url: '/interactions', headers: key, payload: history });
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json().accepted).toBe(2);

    await eventually(async () => expect((await get('/users/member-3/recommendations')).json().coldStart).toBe(false), 10_000, 100);
    // Her preferred language when the request names none.
    const answer = (await get('/users/member-3/recommendations')).json();
    expect(answer.results.some((r: { explanations: string[] }) => r.explanations[0] === 'Parce que vous avez aimé Backstage')).toBe(true);
    expect((await get('/users/member-3/export')).status).toBe(401);
    const exported = (await get('/users/member-3/export', key)).json();
    expect(exported.profile).toMatchObject({
      userId: 'member-3',
      liked: ['backstage-2023'],
      preferences: { city: 'Gent', languages: ['fr'] },
    });
    expect(exported.profile.interests[0].direction.length).toBeGreaterThan(10);

    expect((await app.inject({ method: 'DELETE', url: '/users/member-3' })).statusCode).toBe(401);
    const erased = await app.inject({ method: 'DELETE', url: '/users/member-3', headers: key });
    expect(erased.statusCode).toBe(202);
    expect(erased.json()).toMatchObject({ erased: true, userId: 'member-3' });
    const after = (await get('/users/member-3/recommendations')).json();
    expect(after).toMatchObject({ coldStart: true, profileVersion: 0 });
    const exportedAfter = (await get('/users/member-3/export', key)).json();
    expect(exportedAfter.profile).toBeUndefined();
    expect(exportedAfter.erasedAt).toBe(erased.json().requestedAt);
  });

  it('refuses a bad user id or filter with 400 naming it', async () => {
    const badId = await get('/users/not%20ok/recommendations');
    expect(badId.status).toBe(400);
    const badExclude = await get('/users/visitor-7/recommendations?exclude=everything');
    expect(badExclude.status).toBe(400);
    expect(JSON.stringify(badExclude.json())).toContain('exclude');
  });
});
