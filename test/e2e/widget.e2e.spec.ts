import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { launchChromium } from '../support/chromium';
import { teardownAfterAll } from '../support/teardown';
import { eventually } from '../support/eventually';

/**
 * The embeddable related-events block in a real headless Chromium: the API runs in-process on one
 * origin, a "listing site" on a second origin embeds the web component (under a strict CSP of its
 * own) or the iframe page, and the rendered shadow DOM is compared with the API's own answer.
 */

interface Screening {
  start: string;
  timeZone: string;
  venue: { name: string; city: string; region?: string };
  bookingUrl?: string;
}
interface RelatedResult {
  id: string;
  title: string;
  image?: string;
  url?: string;
  nextScreenings: Screening[];
  explanations?: string[];
}
interface RelatedAnswer {
  eventId: string;
  results: RelatedResult[];
  recommendationId?: string;
}

interface CardView {
  title: string;
  href: string | null;
  target: string | null;
  datetime: string | null;
  date: string;
  venue: string;
  place: string;
  explanation: string | null;
  imageAlt: string | null;
  imageSrc: string | null;
  imageLoaded: boolean;
  placeholderHiddenFromReaders: boolean;
}
interface WidgetView {
  state: string | null;
  busy: string | null;
  lang: string | null;
  headingTag: string;
  headingText: string;
  labelledByHeading: boolean;
  listRole: string | null;
  listDisplay: string;
  columns: number;
  skeletons: number;
  message: { role: string | null; text: string } | null;
  cards: CardView[];
}

const INVASION = 'invasion-loznitsa-2024';
const DEV_API_KEY = 'marquee-development-key';
const OUTPUT = join(__dirname, '..', '.output');
const DESKTOP = { width: 1280, height: 900 };
const MOBILE = { width: 390, height: 844 };

/** Where the test's posters live: https (a film's image must be http(s)), answered by the browser context itself, so no network is needed. */
const POSTER_ORIGIN = 'https://posters.marquee.test';
const poster = (hue: number): string => `${POSTER_ORIGIN}/${hue}.svg`;
/** A small SVG poster, drawn from the hue its URL names. */
const posterSvg = (hue: number): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180"><defs><linearGradient id="g" x2="1" y2="1">` +
  `<stop offset="0" stop-color="hsl(${hue} 60% 55%)"/><stop offset="1" stop-color="hsl(${hue + 40} 60% 25%)"/></linearGradient></defs>` +
  `<rect width="320" height="180" fill="url(#g)"/><circle cx="240" cy="60" r="28" fill="hsl(${hue} 90% 85%)"/>` +
  `<path d="M0 180 L90 90 L150 140 L210 100 L320 180Z" fill="hsl(${hue + 40} 50% 15%)"/></svg>`;

/** Everything the widget shows, read through its shadow root (runs in the page). */
const readWidget = (root: Page | Frame, selector = 'marquee-related'): Promise<WidgetView> =>
  root.evaluate((sel) => {
    const host = document.querySelector(sel)!;
    const shadow = host.shadowRoot!;
    const section = shadow.querySelector('section');
    const heading = shadow.querySelector('.heading');
    const list = shadow.querySelector('ul');
    const message = shadow.querySelector('.message');
    const text = (node: Element | null | undefined) => node?.textContent?.trim() ?? '';
    return {
      state: host.getAttribute('state'),
      busy: section?.getAttribute('aria-busy') ?? null,
      lang: section?.getAttribute('lang') ?? null,
      headingTag: heading?.tagName.toLowerCase() ?? '',
      headingText: text(heading),
      labelledByHeading: !!heading && section?.getAttribute('aria-labelledby') === heading.id,
      listRole: list?.getAttribute('role') ?? null,
      listDisplay: list ? getComputedStyle(list).display : '',
      columns: list ? getComputedStyle(list).gridTemplateColumns.split(' ').filter(Boolean).length : 0,
      skeletons: shadow.querySelectorAll('.skeleton').length,
      message: message ? { role: message.getAttribute('role'), text: text(message) } : null,
      cards: Array.from(shadow.querySelectorAll('li.card:not(.skeleton)')).map((card) => {
        const link = card.querySelector('.title a');
        const image = card.querySelector('img');
        const placeholder = card.querySelector('.placeholder');
        return {
          title: text(card.querySelector('.title')),
          href: link?.getAttribute('href') ?? null,
          target: link?.getAttribute('target') ?? null,
          datetime: card.querySelector('time')?.getAttribute('datetime') ?? null,
          date: text(card.querySelector('.date')),
          venue: text(card.querySelector('.venue')),
          place: text(card.querySelector('.place')),
          explanation: card.querySelector('.explanation') ? text(card.querySelector('.explanation')) : null,
          imageAlt: image?.getAttribute('alt') ?? null,
          imageSrc: image?.getAttribute('src') ?? null,
          imageLoaded: !!image && image.complete && image.naturalWidth > 0,
          placeholderHiddenFromReaders: placeholder?.getAttribute('aria-hidden') === 'true',
        };
      }),
    };
  }, selector);

const settled = (root: Page | Frame, selector = 'marquee-related') =>
  root.waitForFunction((sel) => ['ready', 'empty', 'error'].includes(document.querySelector(sel)?.getAttribute('state') ?? ''), selector);

/** The screening's local day and time as any reader of that language would read them. */
const localParts = (screening: Screening, locale: string) => ({
  day: new Intl.DateTimeFormat(locale, { day: 'numeric', timeZone: screening.timeZone }).format(new Date(screening.start)),
  time: new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: screening.timeZone }).format(
    new Date(screening.start),
  ),
});

describe('related-events widget in headless Chromium', () => {
  const teardown = teardownAfterAll();
  let browser: Browser;
  let app: NestFastifyApplication;
  let apiBase: string;
  let hostSite: Server;
  let hostBase: string;
  let context: BrowserContext;
  let page: Page;
  let cspViolations: string[];
  let pageErrors: string[];

  const related = async (filmId: string, lang: string, limit: number): Promise<RelatedAnswer> => {
    const response = await app.inject({ method: 'GET', url: `/events/${filmId}/related?limit=${limit}&lang=${lang}` });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  /** A listing site on its own origin, allowing Marquee's script, API and frames and nothing inline. */
  const startHostSite = () =>
    new Promise<Server>((resolve) => {
      const server = createServer((request, response) => {
        const url = new URL(request.url ?? '/', 'http://host');
        const event = url.searchParams.get('event') ?? INVASION;
        const lang = url.searchParams.get('lang') ?? 'nl';
        const limit = url.searchParams.get('limit') ?? '3';
        const embed =
          url.pathname === '/framed'
            ? `<iframe title="Marquee" src="${apiBase}/widget/related.html?event=${event}&amp;lang=${lang}&amp;limit=${limit}" width="100%" height="560"></iframe>`
            : `<marquee-related event-id="${event}" lang="${lang}" limit="${limit}"></marquee-related>`;
        response.setHeader(
          'content-security-policy',
          `default-src 'self'; script-src ${apiBase}; connect-src ${apiBase}; img-src data: https:; style-src 'self'; frame-src ${apiBase}`,
        );
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end(`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Listing site</title></head>
<body><h1>Invasion</h1><a id="before" href="#programme">Programme</a>
${embed}
<a id="after" href="#newsletter">Newsletter</a>
<script src="${apiBase}/widget/marquee-related.js"></script></body></html>`);
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });

  /** Gives some films a poster (film.updated, same text so same vectors and ranking) so cards show both images and placeholders. */
  const givePosters = async (filmIds: string[]) => {
    const events = demoFilmEvents(new Date()).filter((event) => event.type !== 'film.removed' && filmIds.includes(event.film.id));
    expect(events).toHaveLength(filmIds.length);
    for (const [index, event] of events.entries()) {
      if (event.type === 'film.removed') continue;
      const update = {
        ...event,
        type: 'film.updated',
        eventId: `${event.eventId}-poster`,
        version: event.version + 1,
        film: { ...event.film, image: poster(40 + index * 120) },
      };
      const response = await app.inject({ method: 'POST', url: '/events', headers: { 'x-api-key': DEV_API_KEY }, payload: update });
      expect(response.statusCode).toBe(202);
    }
  };

  beforeAll(async () => {
    browser = teardown.track('chromium', await launchChromium(), (started) => started.close());
    mkdirSync(OUTPUT, { recursive: true });
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'DEMO_CATALOGUE']) delete process.env[name];
    process.env.LOG_LEVEL = 'silent';
    app = teardown.track('api', await createApiApp(validateMarqueeConfig(process.env), { logs: false }), (api) => api.close());
    await app.listen(0, '127.0.0.1');
    apiBase = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const demoSize = demoFilmEvents(new Date()).length;
    await eventually(
      async () => expect((await app.inject({ method: 'GET', url: '/events?pageSize=1' })).json().total).toBe(demoSize),
      120_000,
      500,
    );

    const before = await related(INVASION, 'nl', 3);
    const postered = before.results.slice(1).map((result) => result.id);
    await givePosters(postered);
    await eventually(async () => {
      const after = await related(INVASION, 'nl', 3);
      expect(after.results.filter((result) => result.image).map((result) => result.id)).toEqual(postered);
    });

    hostSite = teardown.track('host site', await startHostSite(), (site) => new Promise((resolve) => site.close(resolve)));
    hostBase = `http://127.0.0.1:${(hostSite.address() as AddressInfo).port}`;
  }, 180_000);

  beforeEach(async () => {
    context = await browser.newContext({ viewport: DESKTOP });
    await context.route(`${POSTER_ORIGIN}/**`, (route) =>
      route.fulfill({ contentType: 'image/svg+xml', body: posterSvg(Number(new URL(route.request().url()).pathname.slice(1, -4))) }),
    );
    page = await context.newPage();
    cspViolations = [];
    pageErrors = [];
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterEach(async () => {
    await context?.close();
  });

  it("renders the seed page's related block on another origin: Dutch heading, the API's events with date, venue, city and images", async () => {
    const answer = await related(INVASION, 'nl', 3);
    expect(answer.results).toHaveLength(3);

    await page.goto(`${hostBase}/listing?event=${INVASION}&lang=nl&limit=3`);
    await settled(page);
    await page.waitForFunction(() =>
      Array.from(document.querySelector('marquee-related')!.shadowRoot!.querySelectorAll('img')).every(
        (image) => image.complete && image.naturalWidth > 0,
      ),
    );
    const view = await readWidget(page);

    expect(view.state).toBe('ready');
    expect(view.busy).toBe('false');
    expect(view.headingTag).toBe('h2');
    expect(view.headingText).toBe('Andere evenementen die je zouden kunnen interesseren');
    expect(view.labelledByHeading).toBe(true);
    expect(view.listRole).toBe('list');
    expect(view.cards.map((card) => card.title)).toEqual(answer.results.map((result) => result.title));

    answer.results.forEach((result, index) => {
      const card = view.cards[index];
      const screening = result.nextScreenings[0];
      const { day, time } = localParts(screening, 'nl');
      expect(card.datetime).toBe(screening.start);
      expect(card.date).toContain(day);
      expect(card.date).toContain(time);
      expect(card.venue).toBe(screening.venue.name);
      const { city, region } = screening.venue;
      expect(card.place).toBe(region && region !== city ? `${city} – ${region}` : city);
      expect(card.href).toBe(result.url ?? screening.bookingUrl ?? null);
      expect(card.explanation).toBe(result.explanations?.[0] ?? null);
      if (result.image) {
        expect(card).toMatchObject({ imageAlt: result.title, imageSrc: result.image, imageLoaded: true });
      } else {
        expect(card).toMatchObject({ imageAlt: null, placeholderHiddenFromReaders: true });
      }
    });
    expect(view.cards.filter((card) => card.imageAlt !== null)).toHaveLength(2);

    // Styled (constructed stylesheet, no inline <style>) under the host's strict CSP, three columns on a desktop.
    expect(view.listDisplay).toBe('grid');
    expect(view.columns).toBe(3);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(OUTPUT, 'widget-desktop.png'), fullPage: true });

    await page.setViewportSize(MOBILE);
    expect((await readWidget(page)).columns).toBe(1);
    await page.screenshot({ path: join(OUTPUT, 'widget-mobile.png'), fullPage: true });
  });

  it('is keyboard navigable: Tab goes from the host page through every event link, each with a visible focus ring, and out again', async () => {
    await page.goto(`${hostBase}/listing?event=${INVASION}&lang=nl&limit=3`);
    await settled(page);
    const links = (await readWidget(page)).cards.filter((card) => card.href);
    expect(links.length).toBeGreaterThan(0);
    await page.focus('#before');

    const focused: { title: string; href: string | null; outline: string }[] = [];
    for (let i = 0; i < links.length; i += 1) {
      await page.keyboard.press('Tab');
      focused.push(
        await page.evaluate(() => {
          const host = document.activeElement!;
          const link = host.shadowRoot?.activeElement;
          if (!link) return { title: `focus on <${host.tagName.toLowerCase()}>`, href: null, outline: 'none' };
          const style = getComputedStyle(link);
          return { title: link.textContent ?? '', href: link.getAttribute('href'), outline: `${style.outlineStyle} ${style.outlineWidth}` };
        }),
      );
    }
    expect(focused.map(({ title, href }) => ({ title, href }))).toEqual(links.map(({ title, href }) => ({ title, href })));
    for (const { outline } of focused) expect(outline).toMatch(/^solid [1-9]/);

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('after');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent)).toBe(links[links.length - 1].title);
  });

  it('serves an iframe page for sites that cannot run scripts: same block, French labels, links open in the top window', async () => {
    const answer = await related(INVASION, 'fr', 2);
    await page.goto(`${hostBase}/framed?event=${INVASION}&lang=fr&limit=2`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    expect(frame).not.toBeNull();
    await settled(frame!);
    const view = await readWidget(frame!);

    expect(view.state).toBe('ready');
    expect(view.headingText).toBe('D’autres événements qui pourraient vous intéresser');
    expect(view.cards.map((card) => card.title)).toEqual(answer.results.map((result) => result.title));
    for (const [index, card] of view.cards.entries()) {
      expect(card.datetime).toBe(answer.results[index].nextScreenings[0].start);
      if (card.href) expect(card.target).toBe('_top');
    }
    expect(await frame!.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(OUTPUT, 'widget-iframe.png'), fullPage: true });
  });

  it('shows a message, not a crash, when the event is unknown', async () => {
    expect((await app.inject({ method: 'GET', url: '/events/no-such-event/related' })).statusCode).toBe(404);
    await page.goto(`${hostBase}/listing?event=no-such-event&lang=de&limit=3`);
    await settled(page);
    const view = await readWidget(page);

    expect(view.state).toBe('error');
    expect(view.busy).toBe('false');
    expect(view.headingText).toBe('Weitere Veranstaltungen, die Sie interessieren könnten');
    expect(view.message).toEqual({ role: 'alert', text: 'Ähnliche Veranstaltungen konnten nicht geladen werden.' });
    expect(view.cards).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(OUTPUT, 'widget-error.png') });
  });

  it('is busy while loading and says so when no related event is upcoming', async () => {
    let answer!: () => Promise<void>;
    const requested = new Promise<void>((resolve) => {
      void page.route(`${apiBase}/events/**`, (route) => {
        answer = () =>
          route.fulfill({
            status: 200,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
            body: JSON.stringify({ eventId: INVASION, results: [] }),
          });
        resolve();
      });
    });
    await page.goto(`${hostBase}/listing?event=${INVASION}&lang=en&limit=3`);
    await requested;
    const loading = await readWidget(page);
    expect(loading).toMatchObject({ state: 'loading', busy: 'true', headingText: 'Other events you might like', skeletons: 3 });
    await page.screenshot({ path: join(OUTPUT, 'widget-loading.png') });

    await answer();
    await settled(page);
    const empty = await readWidget(page);
    expect(empty).toMatchObject({
      state: 'empty',
      busy: 'false',
      message: { role: 'status', text: 'No upcoming related events.' },
      cards: [],
    });
  });

  it('shows the first explanation, reports one impression per shown event and a click on the activated link when the answer carries a recommendationId', async () => {
    let served!: RelatedAnswer;
    await page.route(`${apiBase}/events/**`, async (route) => {
      const response = await route.fetch();
      served = await response.json();
      // Answers carry these once feedback and explanations land in the API; until then the test adds them.
      served.recommendationId ??= 'widget-e2e-recommendation';
      for (const result of served.results)
        result.explanations ??= [`Screens in ${result.nextScreenings[0].venue.city}`, 'second, not shown'];
      await route.fulfill({ response, json: served });
    });
    const feedback: Record<string, unknown>[] = [];
    context.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === `${apiBase}/feedback`) feedback.push(request.postDataJSON());
    });

    await page.goto(`${hostBase}/listing?event=${INVASION}&lang=nl&limit=3`);
    await settled(page);
    await eventually(async () => expect(feedback).toHaveLength(served.results.length), 10_000, 50);
    expect(feedback).toEqual(
      served.results.map((result, index) => ({
        recommendationId: served.recommendationId,
        eventId: result.id,
        type: 'impression',
        position: index + 1,
      })),
    );

    const { cards } = await readWidget(page);
    expect(cards.map((card) => card.explanation)).toEqual(served.results.map((result) => result.explanations![0]));
    await page.screenshot({ path: join(OUTPUT, 'widget-explanations.png') });
    const linked = cards.findIndex((card) => card.href);
    expect(linked).toBeGreaterThanOrEqual(0);
    await page.route(cards[linked].href!, (route) => route.fulfill({ contentType: 'text/html', body: "<title>The film's page</title>" }));
    await page.focus('#before');
    for (let i = 0; i <= linked; i += 1) await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(cards[linked].href!), page.keyboard.press('Enter')]);
    await eventually(async () => expect(feedback).toHaveLength(served.results.length + 1), 10_000, 50);
    expect(feedback.at(-1)).toEqual({
      recommendationId: served.recommendationId,
      eventId: served.results[linked].id,
      type: 'click',
      position: linked + 1,
    });
  });

  it('shows the widget under the selected event on the demo page', async () => {
    await page.goto(`${apiBase}/`);
    await page.click('#events li:first-child button');
    await settled(page, '#widget');
    const view = await readWidget(page, '#widget');
    const selected = await page.getAttribute('#widget', 'event-id');
    const answer = await related(selected!, 'en', 3);

    expect(view.headingTag).toBe('h3');
    expect(view.headingText).toBe('Other events you might like');
    expect(view.cards.map((card) => card.title)).toEqual(answer.results.map((result) => result.title));
    expect(await page.textContent('#embed-snippet')).toContain(`<marquee-related event-id="${selected}"`);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.locator('#widget').screenshot({ path: join(OUTPUT, 'widget-demo-page.png') });
  });
});
