/**
 * What a refit of the collaborative model costs at catalogue scale: synthetic engagements over
 * 100k films (Zipf-like popularity) by BENCH_USERS users, refitted with COLLAB_MAX_FILMS of 1,000,
 * 2,000 and 3,000 (or BENCH_MAX_FILMS), side by side in one run.
 *
 *   npm run bench:collaborative      # BENCH_USERS (default 50000), BENCH_FILMS_PER_USER (default 40)
 *
 * Prints refit CPU seconds, the fitter's Gram matrix size, the model's weights and its JSON size,
 * and the time to score one user; the last line is one JSON object.
 */
import { collaborativeSettings, validateMarqueeConfig } from '@marquee/config';
import { fitItemModel, type UserHistory } from '@marquee/collaborative';
import { percentile, round, table } from './support/measure';
import { seededRandom } from '@marquee/random';

const FILMS = 100_000;
const users = Number(process.env.BENCH_USERS ?? 50_000);
const perUser = Number(process.env.BENCH_FILMS_PER_USER ?? 40);
const sizes = (process.env.BENCH_MAX_FILMS ?? '1000,2000,3000').split(',').map(Number);

const random = seededRandom(11);
/** Film ranks drawn with P(rank r) ∝ 1/r (Zipf, s = 1), by inverting the harmonic CDF approximately. */
const zipfFilm = (): number => Math.min(FILMS - 1, Math.floor(Math.exp(random() * Math.log(FILMS + 1)) - 1));
const histories: UserHistory[] = Array.from({ length: users }, (_, u) => {
  const films = new Set<number>();
  while (films.size < perUser) films.add(zipfFilm());
  return { userId: `u${u}`, engagements: [...films].map((f, n) => ({ filmId: `f${f}`, weight: 1 + (n % 4), atMs: n * 3_600_000 })) };
});

const settings = collaborativeSettings(validateMarqueeConfig(process.env)).model;
const rows: (string | number)[][] = [['max films', 'refit CPU s', 'Gram MB', 'weights', 'model JSON MB', 'score p50 ms', 'score p99 ms']];
const results: Record<string, { refitCpuS: number; gramMb: number; weights: number; modelMb: number; scoreP99Ms: number }> = {};
for (const maxFilms of sizes) {
  const started = process.cpuUsage();
  const model = fitItemModel(histories, { ...settings, maxFilms });
  const used = process.cpuUsage(started);
  const refitCpuS = round((used.user + used.system) / 1e6, 1);
  const gramMb = round((model.films * model.films * 8) / 2 ** 20, 1);
  const modelMb = round(Buffer.byteLength(JSON.stringify(model.toSnapshot())) / 2 ** 20, 1);
  const timings: number[] = [];
  for (let u = 0; u < 500; u++) {
    const history = histories[u].engagements.map((e) => ({ filmId: e.filmId, weight: e.weight }));
    const at = performance.now();
    model.scoresFor(history, undefined, 100);
    timings.push(performance.now() - at);
  }
  const p50 = round(percentile(timings, 50), 3);
  const p99 = round(percentile(timings, 99), 3);
  rows.push([maxFilms, refitCpuS, gramMb, model.entries, modelMb, p50, p99]);
  results[`m${maxFilms}`] = { refitCpuS, gramMb, weights: model.entries, modelMb, scoreP99Ms: p99 };
  console.error(`max films ${maxFilms}: refit ${refitCpuS} s of CPU`);
}
console.log(`${users} users, ${perUser} films each, over ${FILMS} films (Zipf); ${settings.neighboursPerFilm} weights per film`);
console.log(table(rows));
console.log(JSON.stringify({ bench: 'collaborative', users, films: FILMS, engagements: users * perUser, ...results }));
