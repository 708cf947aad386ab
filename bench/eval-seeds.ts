/**
 * What a visitor sees under each seed page: `npm start`'s embedded app (demo catalogue, bundled model),
 * GET /events/<seed>/related in Dutch and in English, exactly as the widget asks for it.
 *
 *   npm run eval:seeds    # EMBEDDING_MODEL overrides the model; RELATED_LIMIT (default 10) the list length
 *
 * For each seed film: the related events' titles, genres and explanations, and for the seeds with a theme
 * the share of results on it, judged by the demo catalogue's own genres and synopses (any language):
 * war or history for Invasion, dance for Backstage. The demo catalogue's base rate of each theme is printed
 * beside it. Progress on stderr; the last stdout line is one JSON object.
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { CATALOGUE_FILMS, demoFilmEvents, SEED_FILMS } from '@marquee/demo-catalogue';
import type { FilmInput } from '@marquee/domain';
import { round } from './support/measure';
import { progressBar } from './support/progress';

const LIMIT = Number(process.env.RELATED_LIMIT ?? 10);
const LANGUAGES = ['nl', 'en'] as const;

interface Theme {
  name: string;
  genres: string[];
  /** Stems of the theme's words in the catalogue's languages, matched at a word start. */
  words: RegExp;
}

const THEMES: Record<string, Theme> = {
  'invasion-loznitsa-2024': {
    name: 'war/history',
    genres: ['War', 'History'],
    words:
      /(^|[^\p{L}])(wars?|wartime|warfare|invasion|invade|soldier|army|armies|troops|nazi|holocaust|battle|occupied|occupation|resistance|oorlog|soldat|guerre|guerra|krieg|wojn|invas)/iu,
  },
  'backstage-2023': {
    name: 'dance',
    genres: [],
    words: /(^|[^\p{L}])(danc|ballet|ballerin|choreogra|danse|danseu|dansen|danser|dansgezelschap|tanz|bail|danza|taniec|tańc)/iu,
  },
};

type FilmLike = Pick<FilmInput, 'id' | 'genres' | 'synopses' | 'tags'>;

const onTheme = (film: FilmLike | undefined, theme: Theme): boolean =>
  !!film &&
  ((film.genres ?? []).some((genre) => theme.genres.includes(genre)) ||
    Object.values(film.synopses ?? {}).some((text) => theme.words.test(text)) ||
    (film.tags ?? []).some((tag) => theme.words.test(tag)));

interface Related {
  results: { id: string; title: string; genres: string[]; explanations: string[]; similarity: number }[];
}

const main = async () => {
  for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'DEMO_CATALOGUE', 'SNAPSHOT_DIR']) delete process.env[name];
  Object.assign(process.env, { LOG_LEVEL: 'silent', SNAPSHOT_DIR: 'off', RATE_LIMIT_PER_MINUTE: '1000000' });
  const expected = demoFilmEvents(new Date()).length;
  const app: NestFastifyApplication = await createApiApp(validateMarqueeConfig(process.env), { logs: false });
  const films = new Map<string, FilmLike>([...SEED_FILMS, ...CATALOGUE_FILMS].map((film) => [film.id, film]));
  const summary: Record<string, Record<string, unknown>> = {};
  try {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const get = async <T>(url: string, language: string): Promise<T> => {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-language': language } });
      if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
      return response.json<T>();
    };
    const bar = progressBar('demo catalogue indexed', expected, 'films');
    for (;;) {
      const { total } = await get<{ total: number }>('/events?pageSize=1', 'en');
      bar.update(total);
      if (total >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    bar.stop();
    console.log(`model: ${process.env.EMBEDDING_MODEL ?? 'models/marquee-multilingual (default)'}; ${expected} demo films; top ${LIMIT}`);
    for (const seed of SEED_FILMS) {
      const theme = THEMES[seed.id];
      const baseRate = theme
        ? [...films.values()].filter((f) => f.id !== seed.id && onTheme(f, theme)).length / (films.size - 1)
        : undefined;
      const title = seed.titles.nl ?? seed.titles.en ?? seed.id;
      console.log(`\n=== ${title} (${seed.id})${theme ? ` — theme ${theme.name}; demo catalogue base rate ${baseRate!.toFixed(2)}` : ''}`);
      const perLanguage: Record<string, unknown> = {};
      for (const language of LANGUAGES) {
        const answer = await get<Related>(`/events/${seed.id}/related?limit=${LIMIT}`, language);
        console.log(`-- ${language}`);
        answer.results.forEach((result, i) => {
          const mark = theme ? (onTheme(films.get(result.id), theme) ? '+' : ' ') : ' ';
          console.log(
            `${String(i + 1).padStart(2)} ${mark} ${result.title} [${result.genres.join(', ')}] sim ${result.similarity.toFixed(2)} — ${result.explanations.join(' · ')}`,
          );
        });
        const share = theme
          ? answer.results.filter((r) => onTheme(films.get(r.id), theme)).length / Math.max(1, answer.results.length)
          : undefined;
        const themed = answer.results.filter((r) =>
          r.explanations.some((e) => /^(Ook over|Also about|Aussi sur|Egalement|Également)/i.test(e)),
        ).length;
        if (theme)
          console.log(
            `   on theme (${theme.name}): ${share!.toFixed(2)}; results with a theme explanation: ${themed}/${answer.results.length}`,
          );
        perLanguage[language] = {
          ...(theme ? { on_theme: round(share!, 2) } : {}),
          theme_explanations: themed,
          top: answer.results.slice(0, 3).map((r) => r.title),
        };
      }
      summary[seed.id] = { ...(theme ? { theme: theme.name, base_rate: round(baseRate!, 2) } : {}), ...perLanguage };
    }
  } finally {
    await app.close();
  }
  const share = (id: string, language: string) => (summary[id]?.[language] as { on_theme?: number } | undefined)?.on_theme;
  console.log(
    JSON.stringify({
      eval: 'seeds',
      limit: LIMIT,
      invasion_on_theme_nl: share('invasion-loznitsa-2024', 'nl'),
      invasion_on_theme_en: share('invasion-loznitsa-2024', 'en'),
      backstage_on_theme_nl: share('backstage-2023', 'nl'),
      backstage_on_theme_en: share('backstage-2023', 'en'),
      seeds: summary,
    }),
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
