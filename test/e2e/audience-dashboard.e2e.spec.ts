import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { launchChromium } from '../support/chromium';
import { eventually } from '../support/eventually';

/**
 * The audience dashboard in a real headless Chromium over the embedded default with its synthetic
 * interactions: the figures on the page are the API's, filters and languages change them, and
 * screenshots are saved to test/.output.
 */

interface ThemeRow {
  themeId: string;
  label: string;
  hidden: boolean;
  interest: number | null;
  view: number | null;
  users: number | null;
}

const OUTPUT = join(__dirname, '..', '.output');

describe('audience dashboard in Chromium', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  const api = async <T>(path: string): Promise<T> => (await app.inject({ method: 'GET', url: path })).json() as T;

  const tableOf = (selector: string) =>
    page.$$eval(`${selector} tbody tr`, (rows) =>
      rows.map((row) => ({
        theme: (row as HTMLElement).dataset.theme ?? (row as HTMLElement).dataset.film ?? '',
        city: (row as HTMLElement).dataset.city,
        cells: Object.fromEntries(Array.from(row.querySelectorAll('td')).map((td) => [td.dataset.field, td.textContent ?? ''])),
      })),
    );

  /** The query the page asks the API with, from its filter form. */
  const pageQuery = async (): Promise<string> =>
    page.evaluate(() => {
      const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;
      const q = new URLSearchParams({ from: value('from'), to: value('to'), lang: value('lang') });
      if (value('city')) q.set('city', value('city'));
      if (value('venue')) q.set('venue', value('venue'));
      return q.toString();
    });

  const open = async (query: string) => {
    await page.goto(`${base}/dashboard/?${query}`);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
  };

  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(OUTPUT, { recursive: true });
    for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'DEMO_CATALOGUE']) delete process.env[name];
    process.env.LOG_LEVEL = 'silent';
    process.env.AUDIENCE_SYNTHETIC_WEEKS = '6';
    process.env.THEMES_AUTO_RECOMPUTE = 'true';
    app = await createApiApp(validateMarqueeConfig(process.env), { logs: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // Themes are computed once the demo catalogue is indexed, then 6 weeks of synthetic interactions are consumed.
    await eventually(
      async () => {
        const themes = await api<{ themes: ThemeRow[]; total: { interest: number } }>('/audience/themes');
        expect(themes.themes.length).toBeGreaterThan(1);
        expect(themes.total.interest).toBeGreaterThan(10_000);
      },
      150_000,
      1_000,
    );
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 200_000);

  afterAll(async () => {
    delete process.env.AUDIENCE_SYNTHETIC_WEEKS;
    delete process.env.THEMES_AUTO_RECOMPUTE;
    await browser?.close();
    await app?.close();
  });

  it("shows each theme's figures exactly as the API answers them, labelled as synthetic", async () => {
    await open('lang=en');
    const answer = await api<{ themes: ThemeRow[]; minUsers: number }>(`/audience/themes?${await pageQuery()}`);
    const rows = await tableOf('#themes');
    expect(rows.map((r) => r.theme)).toEqual(answer.themes.map((t) => t.themeId));
    for (const [i, theme] of answer.themes.entries()) {
      expect(rows[i].cells.label).toBe(theme.label);
      expect(rows[i].cells.interest).toBe(theme.hidden ? 'hidden' : String(theme.interest));
      expect(rows[i].cells.view).toBe(theme.hidden ? 'hidden' : String(theme.view));
      expect(rows[i].cells.users).toBe(theme.hidden ? 'hidden' : String(theme.users));
    }
    expect(await page.isVisible('#synthetic')).toBe(true);
    expect(await page.textContent('#privacy')).toContain(String(answer.minUsers));
    // ECharts drew the share over time and the city breakdown.
    expect(await page.$$eval('#share-chart canvas, #city-chart canvas', (c) => c.length)).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-en.png'), fullPage: true });
  });

  it('lists unmet demand, trending and the theme detail with the numbers of the API', async () => {
    await open('lang=en');
    const search = await pageQuery();
    const unmet = await api<{ rows: { themeId: string; city: string; demand: number; upcomingScreenings: number }[] }>(
      `/audience/unmet-demand?${search}`,
    );
    const unmetRows = await tableOf('#unmet');
    expect(unmetRows.length).toBe(Math.min(15, unmet.rows.length));
    expect(unmetRows.length).toBeGreaterThan(0);
    unmetRows.forEach((row, i) => {
      expect([row.theme, row.city]).toEqual([unmet.rows[i].themeId, unmet.rows[i].city]);
      expect(row.cells.demand).toBe(String(unmet.rows[i].demand));
      expect(row.cells.upcomingScreenings).toBe(String(unmet.rows[i].upcomingScreenings));
    });
    const trending = await api<{ rows: { themeId: string; interest: number }[] }>(`/audience/trending?${search}`);
    const trendingRows = await tableOf('#trending');
    expect(trendingRows.map((r) => [r.theme, r.cells.interest])).toEqual(trending.rows.map((r) => [r.themeId, String(r.interest)]));

    const themeId = (await tableOf('#themes'))[1].theme;
    await page.click(`#themes tr[data-theme="${themeId}"]`);
    await page.waitForSelector(`body[data-detail-loaded="${themeId}"]`);
    const detail = await api<{ topFilms: { filmId: string; title: string; hidden: boolean; interest: number | null }[] }>(
      `/audience/themes/${themeId}?${search}`,
    );
    const films = await tableOf('#detail-films');
    expect(films.map((f) => [f.theme, f.cells.title, f.cells.interest])).toEqual(
      detail.topFilms.map((f) => [f.filmId, f.title, f.hidden ? 'hidden' : String(f.interest)]),
    );
    await page.screenshot({ path: join(OUTPUT, 'dashboard-theme-detail.png'), fullPage: true });
  });

  it('filters by city and speaks Dutch and French', async () => {
    await open('lang=en');
    const city = await page.$eval('#city', (select) => (select as HTMLSelectElement).options[1]?.value ?? '');
    expect(city).not.toBe('');
    await open(`lang=nl&city=${encodeURIComponent(city)}`);
    expect(await page.textContent('h1')).toBe('Interesses van het publiek');
    const answer = await api<{ themes: ThemeRow[] }>(`/audience/themes?${await pageQuery()}`);
    const all = await api<{ themes: ThemeRow[] }>(`/audience/themes?${(await pageQuery()).replace(/&city=[^&]*/, '')}`);
    const rows = await tableOf('#themes');
    expect(rows.map((r) => r.cells.interest)).toEqual(answer.themes.map((t) => (t.hidden ? 'verborgen' : String(t.interest))));
    const cityTotal = answer.themes.reduce((s, t) => s + (t.interest ?? 0), 0);
    expect(cityTotal).toBeLessThan(all.themes.reduce((s, t) => s + (t.interest ?? 0), 0));
    await page.screenshot({ path: join(OUTPUT, 'dashboard-nl-city.png'), fullPage: true });
    await open('lang=fr');
    expect(await page.textContent('h1')).toBe('Centres d’intérêt du public');
    expect(pageErrors).toEqual([]);
  });

  it('exports the same rows as CSV, suppressed the same way', async () => {
    const search = 'from=2026-01-01&lang=en';
    const json = await api<{ themes: ThemeRow[] }>(`/audience/themes?${search}`);
    const response = await app.inject({ method: 'GET', url: `/audience/themes.csv?${search}` });
    expect(response.headers['content-type']).toContain('text/csv');
    const [header, ...lines] = response.body.trim().split('\r\n');
    const columns = header.split(',');
    expect(columns).toEqual(expect.arrayContaining(['themeId', 'hidden', 'users', 'interest']));
    expect(lines.map((line) => line.split(',')[columns.indexOf('themeId')])).toEqual(json.themes.map((t) => t.themeId));
    expect(response.body).not.toMatch(/synthetic-\d/);
  });
});
