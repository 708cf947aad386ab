import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { createApiApp } from '@marquee/api-app';
import { DEVELOPMENT_API_KEY, validateMarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { EVENT_BUS, Topics, UserInteractionEventSchema, type EventBus, type Newsletter } from '@marquee/domain';
import { launchChromium } from '../support/chromium';
import { eventually } from '../support/eventually';
import { freePort } from '../support/redis-server';

/**
 * A subscriber's newsletter preview in a real headless Chromium, on a phone (375 px) and a desktop
 * (800 px): the events the preview's JSON rendering lists are the ones the HTML shows, the text
 * version is one click away, the editor's page lists the subscriber with the same picks and
 * reasons, and the mail's one-click unsubscribe turns the newsletter off.
 */
const OUTPUT = join(__dirname, '..', '.output');
const KEY = { 'x-api-key': DEVELOPMENT_API_KEY };
const USER = `reader-${randomUUID().slice(0, 8)}`;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const WINDOW = { from: day(1), to: day(21) };
const EDITION = 'preview-test';
const previewPath = (format: string) =>
  `/users/${USER}/newsletter/preview?edition=${EDITION}&from=${WINDOW.from}&to=${WINDOW.to}&format=${format}`;

describe('newsletter preview in headless Chromium', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let base: string;
  let newsletter: Newsletter;

  const interact = async (event: Record<string, unknown>) => {
    const at = new Date().toISOString();
    const parsed = UserInteractionEventSchema.parse({
      interactionId: randomUUID(),
      occurredAt: at,
      receivedAt: at,
      userId: USER,
      ...event,
    });
    await app.get<EventBus>(EVENT_BUS).publish(Topics.userInteractions, [{ key: USER, value: JSON.stringify(parsed) }]);
  };

  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(OUTPUT, { recursive: true });
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'DEMO_CATALOGUE']) delete process.env[name];
    process.env.LOG_LEVEL = 'silent';
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The mails' own links (text version, unsubscribe) point at this app.
    app = await createApiApp(validateMarqueeConfig({ ...process.env, NEWSLETTER_PUBLIC_URL: base }), { logs: false });
    await app.listen(port, '127.0.0.1');
    const demoSize = demoFilmEvents(new Date()).length;
    await eventually(
      async () => expect((await app.inject({ method: 'GET', url: '/events?pageSize=1' })).json().total).toBe(demoSize),
      120_000,
      500,
    );
    await interact({ type: 'preferences', preferences: { newsletter: true, languages: ['en', 'nl'] } });
    await interact({ type: 'like', filmId: 'backstage-2023' });
    await eventually(async () => {
      const response = await app.inject({ method: 'GET', url: previewPath('json'), headers: KEY });
      expect(response.statusCode).toBe(200);
      newsletter = response.json();
      expect(newsletter.picks.some((p) => p.section === 'personal')).toBe(true);
    }, 30_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('needs the API key: a preview shows what Marquee knows of a user', async () => {
    expect((await app.inject({ method: 'GET', url: previewPath('html') })).statusCode).toBe(401);
  });

  it('plans personal picks from the liked film, explained by it, within the window', () => {
    const personal = newsletter.picks.filter((p) => p.section === 'personal');
    expect(personal[0].explanations[0]).toBe('Because you liked Backstage');
    expect(newsletter.picks.map((p) => p.filmId)).not.toContain('backstage-2023');
    for (const pick of newsletter.picks) {
      for (const screening of pick.screenings) expect(screening.start.slice(0, 10) >= WINDOW.from).toBe(true);
    }
  });

  it.each([
    ['phone', 375],
    ['desktop', 800],
  ])('shows the expected events and their reasons on a %s (%d px) without sideways scrolling', async (name, width) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, extraHTTPHeaders: KEY });
    try {
      const page = await context.newPage();
      await page.goto(`${base}${previewPath('html')}`);
      const titles = await page.locator('.pick-title').allInnerTexts();
      expect(titles.map((t) => t.trim())).toEqual(newsletter.picks.map((p) => p.title));
      const body = await page.locator('body').innerText();
      for (const pick of newsletter.picks) {
        expect(body).toContain(pick.explanations[0]);
        expect(body).toContain(pick.screenings[0].localStart);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(OUTPUT, `newsletter-preview-${width}.png`), fullPage: true });

      await page.getByText('Text version').click();
      await page.waitForURL(/format=text/);
      const text = await page.locator('body').innerText();
      for (const pick of newsletter.picks) expect(text).toContain(`* ${pick.title}`);
    } finally {
      await context.close();
    }
  });

  it("lists the subscriber on the editor's page with the same picks and reasons", async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 }, extraHTTPHeaders: KEY });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/newsletter/editions/${EDITION}?from=${WINDOW.from}&to=${WINDOW.to}`);
      const section = page.locator(`section[data-user="${USER}"]`);
      const films = await section.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-film')));
      expect(films).toEqual(newsletter.picks.map((p) => p.filmId));
      expect(await section.locator('.reasons').first().innerText()).toContain('Because you liked Backstage');
      await page.screenshot({ path: join(OUTPUT, 'newsletter-editor-page.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('unsubscribes with the one-click link of List-Unsubscribe (RFC 8058), which the next preview honours', async () => {
    const https = /<(http[^>]+)>/.exec(newsletter.headers['List-Unsubscribe'])?.[1] as string;
    const url = new URL(https);
    const forged = await app.inject({ method: 'POST', url: `${url.pathname}${url.search.replace(/token=[^&]+/, 'token=forged')}` });
    expect(forged.statusCode).toBe(403);
    const response = await app.inject({
      method: 'POST',
      url: `${url.pathname}${url.search}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    await eventually(async () => {
      const preview = await app.inject({ method: 'GET', url: previewPath('json'), headers: KEY });
      expect(preview.statusCode).toBe(404);
      expect(preview.json().message).toContain('not-subscribed');
    }, 10_000);
  });
});
