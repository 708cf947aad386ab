import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED_FILMS } from '@marquee/demo-catalogue';
import {
  parseJson,
  Topics,
  UserInteractionEventSchema,
  type Film,
  type FilmEvent,
  type FilmInput,
  type Screening,
  type UserInteractionEvent,
} from '@marquee/domain';
import catalogueFilms from '../fixtures/catalogue-films.json';
import { eventually } from '../support/eventually';
import { addedEvent, removedEvent } from '../support/films';
import { TopicRecorder } from '../support/ingestion';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { teardownAfterAll } from '../support/teardown';
import { filmWith, screeningAt, type VenueKey } from '../support/screenings';
import { metricsText } from '../support/metrics';

/**
 * The related-events query features, search and feedback through the real pipeline: film events on
 * the Kafka mock → indexer (bundled model) → film-index → API (Redis cache), feedback read back from
 * the `user-interactions` topic. Other tests share film-index, so film ids and venue names carry this
 * run's id and every query is narrowed to this run's venues.
 */
const run = randomUUID().slice(0, 8);
const HOUR = 3_600_000;
const id = (name: string) => `${name}-${run}`;
const VENUE_NAMES: Partial<Record<VenueKey, string>> = { gent: `Sphinx ${run}`, antwerpen: `Cartoons ${run}`, amsterdam: `Eye ${run}` };
const OUR_VENUES = `venue=${encodeURIComponent(Object.values(VENUE_NAMES).join(','))}`;

const inHours = (film: string, hours: number, at: VenueKey, extra: Partial<Screening> = {}): Screening => {
  const screening = screeningAt(`${film}-${at}-${hours}`, new Date(Date.now() + hours * HOUR).toISOString(), at, extra);
  return { ...screening, venue: { ...screening.venue, name: VENUE_NAMES[at] as string } };
};
const seed = (seedId: string) => SEED_FILMS.find((f) => f.id === seedId) as FilmInput;
const fixture = (fixtureId: string) => (catalogueFilms as FilmInput[]).find((f) => f.id === fixtureId) as FilmInput;
const film = (name: string, input: Partial<FilmInput>, screenings: (name: string) => Screening[]): Film =>
  filmWith(id(name), screenings(id(name)), { ...input, id: id(name) });

const films: Film[] = [
  film('invasion', seed('invasion-loznitsa-2024'), (f) => [inHours(f, 30, 'gent')]),
  film(
    'maidan',
    {
      titles: { en: 'Maidan' },
      synopses: {
        en: 'A chronicle of the civil uprising in Kyiv: crowds on Independence Square protest for months until the Ukrainian government falls.',
      },
      directors: ['Sergei Loznitsa'],
      countries: ['UA'],
      genres: ['Documentary'],
      spokenLanguages: ['uk'],
      subtitleLanguages: ['en'],
    },
    (f) => [inHours(f, 50, 'antwerpen'), inHours(f, 80, 'gent')],
  ),
  film(
    'exile',
    {
      titles: { fr: "L'exil", en: 'Exile' },
      synopses: {
        fr: "Une famille marocaine quitte Casablanca et émigre en Belgique. Le film suit leur migration, l'exil et le déracinement, entre le Maroc et Bruxelles.",
        en: 'A Moroccan family leaves Casablanca and emigrates to Belgium: a film about migration, exile and uprooting between Morocco and Brussels.',
      },
      genres: ['Drama'],
      tags: ['migration', 'exile', 'family'],
      spokenLanguages: ['ar', 'fr'],
    },
    (f) => [inHours(f, 40, 'gent', { subtitleLanguages: ['nl'] }), inHours(f, 44, 'amsterdam')],
  ),
  film('backstage', seed('backstage-2023'), (f) => [inHours(f, 60, 'gent', { price: { amount: 12, currency: 'EUR' } })]),
  film('superbad', fixture('tmdb-8363'), (f) => [inHours(f, 30, 'amsterdam')]),
  film('come-and-see', fixture('tmdb-25237'), (f) => [inHours(f, 100, 'antwerpen')]),
];

describe('related events, search and feedback (Kafka mock, Redis, bundled model)', () => {
  const teardown = teardownAfterAll();
  let pipeline: Pipeline;
  const get = (url: string, headers: Record<string, string> = {}) => pipeline.get(url, headers);
  const publish = (...events: FilmEvent[]) => pipeline.publish(...events);
  const ids = (body: { results: Array<{ id: string }> }) => body.results.map((r) => r.id);

  beforeAll(async () => {
    pipeline = await startPipeline(teardown, `related-${run}`);
    // film-index is shared by every test of the run: leave tombstones, not films, for the replicas of later tests.
    teardown.add(
      'tombstones',
      async () => {
        await publish(...films.map((f) => removedEvent(f.id, 2)));
        await pipeline.waitForFilms(
          films.map((f) => f.id),
          404,
          30_000,
        );
      },
      40_000,
    );
    await publish(...films.map((f) => addedEvent(f)));
    await pipeline.waitForFilms(films.map((f) => f.id));
  }, 150_000);

  it('relates Invasion to the other Loznitsa film first, explained, with a recommendation id', async () => {
    const { status, body } = await get(`/events/${id('invasion')}/related?limit=5&lang=en&diversity=0&${OUR_VENUES}`);
    expect(status).toBe(200);
    expect(body.recommendationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids(body)).toHaveLength(5);
    expect(ids(body)).not.toContain(id('invasion'));
    expect(body.results[0]).toMatchObject({ id: id('maidan'), explanations: expect.arrayContaining(['Same director: Sergei Loznitsa']) });
    for (const result of body.results) {
      expect(result.explanations.at(-1)).toMatch(/^Screens \w{3} \d{1,2} \w+ in (Gent|Antwerpen|Amsterdam)$/);
      expect(typeof result.score).toBe('number');
    }
    const dutch = await get(`/events/${id('invasion')}/related?limit=1&diversity=0&${OUR_VENUES}`, { 'accept-language': 'nl-BE,nl;q=0.9' });
    expect(dutch.body.results[0].explanations[0]).toBe('Zelfde regisseur: Sergei Loznitsa');
  });

  it('applies place, radius, date, language and price filters to the screenings it lists', async () => {
    const base = `/events/${id('invasion')}/related?limit=10&${OUR_VENUES}`;
    const antwerpen = (await get(`${base}&city=antwerpen`)).body;
    expect(ids(antwerpen).sort()).toEqual([id('come-and-see'), id('maidan')].sort());
    for (const result of antwerpen.results)
      expect(result.nextScreenings.map((s: { venue: { city: string } }) => s.venue.city)).toEqual(['Antwerpen']);

    const nearGent = (await get(`${base}&lat=51.05&lon=3.72&radiusKm=15`)).body;
    expect(ids(nearGent).sort()).toEqual([id('backstage'), id('exile'), id('maidan')].sort());
    for (const result of nearGent.results) {
      expect(result.distanceKm).toBeLessThan(15);
      expect(result.nextScreenings.every((s: { venue: { city: string } }) => s.venue.city === 'Gent')).toBe(true);
    }

    const within45Hours = (await get(`${base}&to=${encodeURIComponent(new Date(Date.now() + 45 * HOUR).toISOString())}`)).body;
    expect(ids(within45Hours).sort()).toEqual([id('exile'), id('superbad')].sort());

    // Only the Gent screening of the exile film has Dutch subtitles; nothing else is spoken or subtitled in Dutch.
    const readsDutch = (await get(`${base}&languages=nl`)).body;
    expect(ids(readsDutch)).toEqual([id('exile')]);
    expect(readsDutch.results[0].nextScreenings).toHaveLength(1);

    expect(ids((await get(`${base}&maxPrice=10&currency=EUR`)).body)).not.toContain(id('backstage'));
    const noDocumentaryOrComedy = ids((await get(`${base}&excludeGenres=documentary,comedy`)).body);
    expect(noDocumentaryOrComedy).not.toContain(id('maidan'));
    expect(noDocumentaryOrComedy).not.toContain(id('superbad'));
    expect(noDocumentaryOrComedy).toContain(id('exile'));
  });

  it('refuses contradictory and out-of-range filters with 400 naming the field', async () => {
    const related = `/events/${id('invasion')}/related`;
    const cases: Array<[string, RegExp]> = [
      ['from=2026-05-02&to=2026-05-01', /^from: must not be after to/],
      ['lat=51', /^lon: is required with lat/],
      ['radiusKm=10', /radiusKm: needs lat and lon/],
      ['lat=200&lon=4', /^lat:/],
      ['maxAge=abc', /^maxAge:/],
      ['currency=EUR', /^currency:/],
      ['diversity=2', /^diversity:/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await get(`${related}?${query}`);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.message).toMatch(message);
    }
    expect((await get('/events/no-such-film/related')).status).toBe(404);
    expect((await get(`${related}?limit=500&${OUR_VENUES}`)).body.results.length).toBeLessThanOrEqual(50);
  });

  it('rejects a 100 KB query string', async () => {
    const huge = `/events/${id('invasion')}/related?city=${'x'.repeat(100 * 1024)}`;
    const injected = await pipeline.api.inject({ method: 'GET', url: huge });
    expect(injected.statusCode).toBe(414);
    expect(injected.json().message).toMatch(/query string is \d+ bytes, the limit is 8192/);

    await pipeline.api.listen(0, '127.0.0.1');
    const { port } = pipeline.api.getHttpServer().address() as AddressInfo;
    /** The status over real HTTP, or 'reset' when the server cuts the connection while the request is still being sent. */
    const status = (path: string) =>
      new Promise<number | 'reset'>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', (error: NodeJS.ErrnoException) =>
          error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve('reset') : reject(error),
        );
        req.end();
      });
    expect(await status(`/events/${id('invasion')}/related?${OUR_VENUES}`)).toBe(200);
    expect(await status(`/events/${id('invasion')}/related?city=${'x'.repeat(10 * 1024)}`)).toBe(414);
    // Beyond Node's 16 KiB header limit too: 414, unless the server closed the socket while the client was still sending.
    expect([414, 'reset']).toContain(await status(huge));
  });

  it('searches across languages with the same filters, and caches the answer', async () => {
    const url = `/search?q=${encodeURIComponent('films over migratie in Marokko')}&lang=nl&limit=6&diversity=0&${OUR_VENUES}`;
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(first.body.recommendationId).toEqual(expect.any(String));
    const found = ids(first.body);
    const rank = (name: string) => (found.includes(id(name)) ? found.indexOf(id(name)) : Infinity);
    expect(rank('exile')).toBeLessThan(2);
    for (const unrelated of ['superbad', 'come-and-see', 'maidan']) expect(rank('exile')).toBeLessThan(rank(unrelated));
    expect(first.body.results[rank('exile')].explanations[0]).toMatch(/^Speelt \w+ \d{1,2} \w+ in (Gent|Amsterdam)$/);

    const again = await get(url);
    expect(again.body.cached).toBe(true);
    expect(ids(again.body)).toEqual(found);
    expect(again.body.recommendationId).not.toBe(first.body.recommendationId);

    const inAmsterdam = (await get(`${url}&city=Amsterdam`)).body;
    expect(ids(inAmsterdam).sort()).toEqual([id('exile'), id('superbad')].sort());

    expect((await get('/search')).body.message).toMatch(/^q: is required/);
    expect((await get(`/search?q=${'x'.repeat(501)}`)).status).toBe(400);
  });

  it('publishes feedback and the search itself to the user-interactions topic, keyed by the pseudonymous user', async () => {
    const { recommendationId, results } = (await get(`/search?q=exil&${OUR_VENUES}`)).body;
    const click = { recommendationId, eventId: results[0].id, type: 'click', position: 1, userId: `visitor-${run}` };
    const accepted = await pipeline.api.inject({ method: 'POST', url: '/feedback', payload: click });
    expect(accepted.statusCode).toBe(202);
    const beacon = await pipeline.api.inject({
      method: 'POST',
      url: '/feedback',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      payload: JSON.stringify([{ recommendationId, eventId: results[0].id, type: 'impression', position: 1 }]),
    });
    expect(beacon.statusCode).toBe(202);
    const invalid = await pipeline.api.inject({ method: 'POST', url: '/feedback', payload: { ...click, type: 'hover' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toMatch(/^type:/);

    // Other specs put malformed interactions on this shared topic on purpose: record raw, then parse as the consumers do.
    const recorder = await TopicRecorder.start(pipeline.producer, Topics.userInteractions, `e2e-feedback-reader-${run}`);
    const ours = (): Array<{ key: string | null; event: UserInteractionEvent }> =>
      recorder.messages.flatMap((message) => {
        const parsed = parseJson(UserInteractionEventSchema, message.value);
        return parsed.ok && parsed.value.recommendationId === recommendationId ? [{ key: message.key, event: parsed.value }] : [];
      });
    try {
      // The search, the click and the impression.
      await eventually(async () => expect(ours()).toHaveLength(3), 30_000);
    } finally {
      await recorder.stop();
    }
    const received = ours();
    const clicked = received.find((r) => r.event.type === 'click');
    expect(clicked).toMatchObject({ key: `visitor-${run}`, event: { filmId: results[0].id, position: 1, userId: `visitor-${run}` } });
    expect(received.find((r) => r.event.type === 'impression')).toMatchObject({ key: recommendationId });
    expect(received.find((r) => r.event.type === 'search')).toMatchObject({
      key: recommendationId,
      event: { query: 'exil', filmIds: results.map((r: { id: string }) => r.id), context: { source: 'search' } },
    });
  });

  it('reports the cache hit ratio of related events and search in metrics', async () => {
    const metrics = await metricsText(pipeline.api);
    expect(metrics).toMatch(/marquee_related_cache_requests_total\{outcome="hit"\} [1-9]/);
    expect(metrics).toMatch(/marquee_related_cache_requests_total\{outcome="miss"\} [1-9]/);
  });
});
