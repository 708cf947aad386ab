import { randomUUID } from 'node:crypto';
import { SEED_FILMS } from '@marquee/demo-catalogue';
import type { Film, FilmEvent, FilmInput } from '@marquee/domain';
import catalogueFilms from '../fixtures/catalogue-films.json';
import { addedEvent, removedEvent, testFilm } from '../support/films';
import { eventually } from '../support/eventually';
import { PIPELINE_API_KEY, startPipeline, type Pipeline } from '../support/pipeline';
import { metricsText } from '../support/metrics';
import { teardownAfterAll } from '../support/teardown';

/**
 * The product end to end with its real parts: film events on Kafka (librdkafka mock cluster) →
 * indexer (bundled model) → film-index → API replica → HTTP, cached in the real Redis.
 */
const run = randomUUID().slice(0, 8);
const DANCE = ['tmdb-10560', 'tmdb-507076']; // Center Stage, Climax
const LIGHT = ['tmdb-8363', 'tmdb-18785', 'tmdb-603']; // Superbad, The Hangover, The Matrix

const films: Film[] = [
  ...SEED_FILMS.filter((f) => ['backstage-2023', 'invasion-loznitsa-2024'].includes(f.id)),
  ...(catalogueFilms as FilmInput[]),
].map((film) => testFilm(film.id, film, { hoursFromNow: [30, 54] }));

describe('film events → indexer → film-index → API (Kafka mock, Redis, bundled model)', () => {
  const teardown = teardownAfterAll();
  let pipeline: Pipeline;
  const get = (url: string) => pipeline.get(url);
  const publish = (...events: FilmEvent[]) => pipeline.publish(...events);
  const relatedIds = async (id: string, limit = 50) =>
    (await get(`/events/${id}/related?limit=${limit}&diversity=0`)).body.results.map((r: { id: string }) => r.id);
  const rank = (ids: string[], id: string) => (ids.indexOf(id) === -1 ? Infinity : ids.indexOf(id));

  beforeAll(async () => {
    pipeline = await startPipeline(teardown, `pipeline-${run}`);
    await publish(...films.map((film) => addedEvent(film)));
    await pipeline.waitForFilms(films.map((film) => film.id));
  }, 150_000);

  it('lists the catalogue and finds titles in any language', async () => {
    const { body } = await get('/events?q=backst&lang=nl');
    expect(body.items.map((c: { id: string }) => c.id)).toEqual(['backstage-2023']);
    expect(body.items[0].synopsisLanguage).toBe('nl');
    const english = await get('/events/backstage-2023?lang=en');
    expect(english.body.synopsis).toMatch(/contemporary dance troupe/);
    expect(english.body.nextScreenings).toHaveLength(2);
  });

  // Topical order beyond the first result rests on cosine margins of ~0.01 among ten films, within the static
  // model's noise: it is measured at scale instead (genre precision@10 in eval:embeddings and eval:related).
  it('relates the Dutch/English dance film first to a dance film', async () => {
    const first = (ids: string[], group: string[]) => Math.min(...group.map((id) => rank(ids, id)));
    const backstage = await relatedIds('backstage-2023');
    expect(first(backstage, DANCE)).toBe(0);
    expect(first(backstage, DANCE)).toBeLessThan(first(backstage, LIGHT));

    const answer = (await get('/events/backstage-2023/related?limit=3&lang=nl')).body;
    expect(answer.results).toHaveLength(3);
    expect(answer.results[0].score).toBeGreaterThanOrEqual(answer.results[1].score);
    expect(answer.results[0].nextScreenings[0].venue).toMatchObject({ city: 'Roeselare', country: 'BE' });
  });

  it('puts a Dutch-only and an English-only listing of the same film next to each other', async () => {
    const seed = films.find((f) => f.id === 'backstage-2023') as Film;
    const listing = (lang: 'nl' | 'en', title: string) =>
      testFilm(
        `backstage-${lang}-${run}`,
        { titles: { [lang]: title }, genres: seed.genres, synopses: { [lang]: seed.synopses[lang] } },
        { hoursFromNow: [30] },
      );
    const dutch = listing('nl', 'Achter de schermen');
    const english = listing('en', 'Behind the scenes');
    await publish(addedEvent(dutch), addedEvent(english));
    await pipeline.waitForFilms([dutch.id, english.id]);
    // backstage-2023 carries both synopses, so it may come first; the other listing is next at the latest.
    expect(rank(await relatedIds(dutch.id), english.id)).toBeLessThan(2);
    expect(rank(await relatedIds(english.id), dutch.id)).toBeLessThan(2);
    await publish(removedEvent(dutch.id, 2), removedEvent(english.id, 2));
    await pipeline.waitForFilms([dutch.id, english.id], 404);
  });

  it('caches answers in Redis and never serves them stale after an update or a removal', async () => {
    const first = (await get('/events/backstage-2023/related?limit=9')).body;
    const second = (await get('/events/backstage-2023/related?limit=9')).body;
    expect(second.cached).toBe(true);
    expect(second.results).toEqual(first.results);
    expect((await pipeline.redis.keys(`marquee-e2e-pipeline-${run}:related:*`)).length).toBeGreaterThan(0);

    // Center Stage's screenings are all over: it can no longer be recommended.
    const { screenings: _upcoming, ...centerStage } = films.find((f) => f.id === DANCE[0]) as Film;
    await publish(addedEvent(testFilm(centerStage.id, centerStage, { hoursFromNow: [-30] }), 2));
    await eventually(async () => expect(await relatedIds('backstage-2023')).not.toContain(DANCE[0]));

    await publish(removedEvent(DANCE[1], 2));
    await eventually(async () => expect((await get(`/events/${DANCE[1]}`)).status).toBe(404));
    expect(await relatedIds('backstage-2023')).not.toContain(DANCE[1]);
    expect(await relatedIds('invasion-loznitsa-2024')).not.toContain(DANCE[1]);
  });

  it('accepts film events over HTTP only with the API key, and indexes them', async () => {
    const film = testFilm(`http-${run}`, {
      titles: { en: 'Dancers in the dark forest' },
      synopses: { en: 'A ballet company rehearses a dance performance.' },
    });
    const event = addedEvent(film);
    const anonymous = await pipeline.api.inject({ method: 'POST', url: '/events', payload: event });
    expect(anonymous.statusCode).toBe(401);
    const invalid = await pipeline.api.inject({
      method: 'POST',
      url: '/events',
      headers: { 'x-api-key': PIPELINE_API_KEY },
      payload: { ...event, version: 'one' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toMatch(/version/);
    const accepted = await pipeline.api.inject({
      method: 'POST',
      url: '/events',
      headers: { 'x-api-key': PIPELINE_API_KEY },
      payload: event,
    });
    expect(accepted.statusCode).toBe(202);
    await eventually(async () => expect((await get(`/events/${film.id}`)).status).toBe(200));
  });

  it('answers bad requests with 4xx and a message', async () => {
    const unknown = await get('/events/no-such-film/related');
    expect(unknown).toMatchObject({ status: 404, body: { message: 'No event with id "no-such-film"' } });
    expect((await get('/events/backstage-2023/related?limit=abc')).status).toBe(400);
    expect((await get('/events/backstage-2023/related?limit=0')).body.message).toMatch(/limit/);
    expect((await get('/events/backstage-2023/related?colour=red')).body.message).toMatch(/colour/);
    expect((await get('/events/backstage-2023/related?limit=100000')).status).toBe(400);
    expect((await get('/events/backstage-2023/related?limit=500')).body.results.length).toBeLessThanOrEqual(50);
  });

  it('reports readiness and metrics', async () => {
    expect(await get('/health/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const metrics = await metricsText(pipeline.api);
    expect(metrics).toMatch(/marquee_index_films \d+/);
    expect(metrics).toMatch(/marquee_related_cache_requests_total\{outcome="hit"\} [1-9]/);
    const indexerMetrics = await metricsText(pipeline.indexer);
    expect(indexerMetrics).toMatch(/marquee_indexer_events_total\{outcome="indexed"\} [1-9]/);
  });
});
