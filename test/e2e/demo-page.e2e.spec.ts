import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { launchChromium } from '../support/chromium';
import { eventually } from '../support/eventually';
import { addedEvent, testFilm } from '../support/films';

const API_KEY = 'demo-page-key-0123456789';

const films = [
  testFilm('demo-maidan', {
    titles: { en: 'Maidan' },
    synopses: { en: 'A chronicle of the uprising in Kyiv: crowds protest on Independence Square until the government falls.' },
    directors: ['Sergei Loznitsa'],
    genres: ['Documentary'],
    tags: ['protest', 'revolution'],
  }),
  testFilm('demo-invasion', {
    titles: { en: 'Invasion' },
    synopses: { en: 'Ukraine under invasion: civilians, soldiers and protest in the cities of a country at war.' },
    directors: ['Sergei Loznitsa'],
    genres: ['Documentary'],
    tags: ['war', 'protest'],
  }),
  testFilm('demo-backstage', {
    titles: { en: 'Backstage' },
    synopses: { en: 'A contemporary dance troupe rehearses a new piece and tours the theatres of Belgium.' },
    genres: ['Documentary'],
    tags: ['dance'],
  }),
];

/** The demo page (`/`, what `npm start` shows) in headless Chromium: related events explained in words, no made-up percentage. */
describe('the demo page', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL']) delete process.env[name];
    Object.assign(process.env, { API_KEY, DEMO_CATALOGUE: 'false', LOG_LEVEL: 'silent', EMBEDDING_THREADS: '1' });
    app = await createApiApp(validateMarqueeConfig(process.env), { logs: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    for (const film of films) {
      const response = await app.inject({
        method: 'POST',
        url: '/events',
        headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
        payload: JSON.stringify(addedEvent(film)),
      });
      expect(response.statusCode).toBe(202);
    }
    await eventually(async () => expect((await app.inject({ method: 'GET', url: '/events?pageSize=1' })).json().total).toBe(films.length));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    for (const name of ['API_KEY', 'DEMO_CATALOGUE', 'LOG_LEVEL', 'EMBEDDING_THREADS']) delete process.env[name];
  });

  it('lists related events with the reasons as chips, and no score a visitor cannot read', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(base);
      await page.getByRole('button', { name: /Maidan/ }).click();
      await page.locator('#related li h4').first().waitFor();

      const shown = await page.locator('#related > li').evaluateAll((items) =>
        items.map((li) => ({
          title: li.querySelector('h4')?.textContent,
          reasons: Array.from(li.querySelectorAll('.reasons li'), (r) => r.textContent),
          text: (li as HTMLElement).innerText,
        })),
      );
      const answer = (await app.inject({ method: 'GET', url: '/events/demo-maidan/related?limit=6&lang=en' })).json() as {
        results: { title: string; explanations: string[] }[];
      };
      expect(shown.map(({ title, reasons }) => ({ title, reasons }))).toEqual(
        answer.results.map((r) => ({ title: r.title, reasons: r.explanations })),
      );
      expect(shown.some((item) => item.reasons.length > 0)).toBe(true);
      for (const item of shown) expect(item.text).not.toMatch(/%|match/i);
    } finally {
      await page.close();
    }
  });
});
