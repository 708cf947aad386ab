import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { launchChromium } from '../support/chromium';
import { eventually } from '../support/eventually';

const OUTPUT = join(__dirname, '..', '.output');

interface ForYouView {
  state: string | null;
  heading: string;
  cards: { title: string; explanation: string | null }[];
}

/** The shadow DOM of a for-you block as a visitor sees it. */
const readForYou = (page: Page): Promise<ForYouView> =>
  page.locator('#for-you').evaluate((host) => {
    const root = host.shadowRoot as ShadowRoot;
    return {
      state: host.getAttribute('state'),
      heading: root.querySelector('.heading')?.textContent ?? '',
      cards: Array.from(root.querySelectorAll('.card:not(.skeleton)'), (card) => ({
        title: card.querySelector('.title')?.textContent ?? '',
        explanation: card.querySelector('.explanation')?.textContent ?? null,
      })),
    };
  });

/**
 * `npm start`'s demo page in headless Chromium: the "for you" block starts as a cold start and
 * follows the visitor's own clicks (the widget's feedback, through the in-process profiler).
 */
describe('the demo page’s "for you" block', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let base: string;
  const demoSize = demoFilmEvents(new Date()).length;

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'DEMO_CATALOGUE']) delete process.env[name];
    Object.assign(process.env, { LOG_LEVEL: 'silent', EMBEDDING_THREADS: '1' });
    app = await createApiApp(validateMarqueeConfig(process.env), { logs: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    await eventually(
      async () => expect((await app.inject({ method: 'GET', url: '/events?pageSize=1' })).json().total).toBe(demoSize),
      120_000,
      500,
    );
    browser = await launchChromium();
    mkdirSync(OUTPUT, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    for (const name of ['LOG_LEVEL', 'EMBEDDING_THREADS']) delete process.env[name];
  });

  it('turns from popular events into the visitor’s own after a few clicks, explained', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    // Film pages open in a new tab: answer them here instead of the network.
    await context.route(
      (url) => !url.href.startsWith(base),
      (route) => route.fulfill({ contentType: 'text/html', body: '<title>Film</title>' }),
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(base);
      await eventually(async () => expect((await readForYou(page)).state).toBe('ready'), 20_000, 100);
      const before = await readForYou(page);
      expect(before.heading).toBe('For you');
      expect(before.cards).toHaveLength(4);
      for (const card of before.cards) expect(card.explanation).toMatch(/^Popular/);
      await page.locator('#for-you-section').screenshot({ path: join(OUTPUT, 'for-you-cold-start.png') });

      // A view (picking an event), then a click on a related event in the widget under it.
      await page
        .getByRole('button', { name: /Backstage/ })
        .first()
        .click();
      await eventually(async () => expect(await page.locator('#widget').getAttribute('state')).toBe('ready'), 20_000, 100);
      const popup = context.waitForEvent('page');
      await page.locator('#widget').locator('a[data-film-id]').first().click();
      await (await popup).close();

      await eventually(
        async () => {
          const after = await readForYou(page);
          expect(after.state).toBe('ready');
          expect(after.cards.some((card) => /^Because you/.test(card.explanation ?? ''))).toBe(true);
        },
        10_000,
        100,
      );
      const after = await readForYou(page);
      expect(after.cards.map((c) => c.title)).not.toEqual(before.cards.map((c) => c.title));
      expect(after.cards.map((c) => c.title)).not.toContain('Backstage');
      await page.locator('#for-you-section').screenshot({ path: join(OUTPUT, 'for-you-after-clicks.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
