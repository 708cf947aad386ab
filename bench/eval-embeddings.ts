/**
 * Cross-lingual retrieval + genre-neighbour evaluation of the bundled Marquee embedding model.
 *
 *   npm run eval:embeddings -- [--pairs FILE] [--catalog FILE] [--model DIR] [--seed FILE] [--genre-sample N]
 *
 * For each non-English synopsis of the dev pairs, ranks its English partner among all catalogue English
 * overviews (+ the English texts of pairs not in the catalogue, + the seed "Backstage" English synopsis),
 * with the model loaded through the standard transformers.js feature-extraction pipeline, and with a
 * lexical TF-IDF baseline over the same texts. The last stdout line is one JSON object of headline figures.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SingleBar, Presets } from 'cli-progress';

type Pair = { tmdbId: number; overviews: Record<string, string>; enSource?: string };
type Film = { tmdbId: number; overview: string; genres: string[] };

const repoRoot = path.resolve(__dirname, '..');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const pairsFile = path.resolve(arg('pairs', path.join(repoRoot, '../shared/data/multilingual/synopses_dev.jsonl')));
const catalogFile = path.resolve(arg('catalog', path.join(repoRoot, '../shared/data/catalog/films_tmdb10k.jsonl')));
const modelDir = path.resolve(arg('model', path.join(repoRoot, 'models/marquee-multilingual')));
const seedFile = path.resolve(arg('seed', path.join(path.dirname(catalogFile), '..', 'seeds', '000_48ef543ff888b348.txt')));
const genreSample = Number(arg('genre-sample', '0'));

function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function bar(label: string, total: number): SingleBar {
  const b = new SingleBar(
    { format: `${label.padEnd(22)} [{bar}] {percentage}% {value}/{total} {duration}s`, stream: process.stderr },
    Presets.shades_classic,
  );
  b.start(total, 0);
  return b;
}

// ------------------------------------------------------------------ data
const pairs = readJsonl<Pair>(pairsFile);
const catalog = readJsonl<Film>(catalogFile).filter((f) => f.overview && f.overview.trim());
const candTexts: string[] = catalog.map((f) => f.overview);
const candIds: number[] = catalog.map((f) => f.tmdbId);
const have = new Set(candIds);
for (const p of pairs) {
  if (!have.has(p.tmdbId) && p.overviews.en) {
    candTexts.push(p.overviews.en);
    candIds.push(p.tmdbId);
    have.add(p.tmdbId);
  }
}
let backstage: { nl: string; en: string } | null = null;
if (fs.existsSync(seedFile)) {
  const paras = fs
    .readFileSync(seedFile, 'utf8')
    .split(/\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  const nl = paras.find((p) => p.startsWith('De film'));
  const en = paras.find((p) => p.startsWith('The film'));
  if (nl && en) {
    backstage = { nl, en };
    candTexts.push(en);
    candIds.push(-1);
  }
}
const queries = pairs
  .map((p) => {
    const lang = Object.keys(p.overviews).find((k) => k !== 'en');
    return lang ? { id: p.tmdbId, lang, text: p.overviews[lang] } : null;
  })
  .filter((q): q is { id: number; lang: string; text: string } => q !== null && !!q.text);
const idToCand = new Map<number, number>();
candIds.forEach((id, i) => idToCand.set(id, i));

// ------------------------------------------------------------------ scoring helpers
interface Scorer {
  /** similarities of query i (in the query list) against all candidates */
  sims(qi: number): Float32Array;
  /** similarities of catalogue film i against all candidates */
  candSims(ci: number): Float32Array;
  backstageSims(): Float32Array | null;
}

function rankOf(sims: Float32Array, target: number): number {
  const t = sims[target];
  let r = 1;
  for (let i = 0; i < sims.length; i++) if (sims[i] > t) r++;
  return r;
}

function topK(sims: Float32Array, k: number, exclude: number, limit: number): number[] {
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < limit; i++) {
    if (i === exclude) continue;
    const s = sims[i];
    if (idx.length < k || s > val[val.length - 1]) {
      let j = idx.length < k ? idx.length : k - 1;
      if (idx.length < k) {
        idx.push(i);
        val.push(s);
      }
      while (j > 0 && val[j - 1] < s) {
        idx[j] = idx[j - 1];
        val[j] = val[j - 1];
        j--;
      }
      idx[j] = i;
      val[j] = s;
    }
  }
  return idx;
}

type LangStats = { n: number; top1: number; top10: number; mrr: number };

function evaluate(name: string, sc: Scorer) {
  const per = new Map<string, LangStats>();
  const b = bar(`${name}: ranking`, queries.length);
  queries.forEach((q, qi) => {
    const target = idToCand.get(q.id);
    if (target === undefined) return;
    const r = rankOf(sc.sims(qi), target);
    const s = per.get(q.lang) ?? { n: 0, top1: 0, top10: 0, mrr: 0 };
    s.n++;
    s.top1 += r === 1 ? 1 : 0;
    s.top10 += r <= 10 ? 1 : 0;
    s.mrr += 1 / r;
    per.set(q.lang, s);
    b.increment();
  });
  b.stop();
  let backstageRank: number | null = null;
  const bs = sc.backstageSims();
  if (bs) backstageRank = rankOf(bs, candIds.length - 1);
  // genre precision@10 among catalogue films
  const nCat = catalog.length;
  const step = genreSample > 0 ? Math.max(1, Math.floor(nCat / genreSample)) : 1;
  let gsum = 0;
  let gn = 0;
  const gb = bar(`${name}: genre p@10`, Math.ceil(nCat / step));
  for (let i = 0; i < nCat; i += step) {
    const gi = new Set(catalog[i].genres);
    if (gi.size > 0) {
      const nn = topK(sc.candSims(i), 10, i, nCat);
      let hit = 0;
      for (const j of nn) if (catalog[j].genres.some((g) => gi.has(g))) hit++;
      gsum += hit / nn.length;
      gn++;
    }
    gb.increment();
  }
  gb.stop();
  const langs = [...per.keys()].sort();
  const stats: Record<string, { n: number; top1: number; top10: number; mrr: number }> = {};
  for (const l of langs) {
    const s = per.get(l)!;
    stats[l] = { n: s.n, top1: s.top1 / s.n, top10: s.top10 / s.n, mrr: s.mrr / s.n };
  }
  const avg = (k: 'top1' | 'top10' | 'mrr') => langs.reduce((a, l) => a + stats[l][k], 0) / langs.length;
  return { stats, top1: avg('top1'), top10: avg('top10'), mrr: avg('mrr'), backstageRank, genreP10: gsum / gn };
}

// ------------------------------------------------------------------ model (transformers.js standard call)
async function modelScorer(): Promise<Scorer> {
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.localModelPath = path.dirname(modelDir);
  const ex = await tf.pipeline('feature-extraction', modelDir, { local_files_only: true });
  async function embed(texts: string[], label: string): Promise<{ data: Float32Array; dim: number }> {
    const bs = 64;
    let dim = 0;
    const chunks: Float32Array[] = [];
    const b = bar(label, texts.length);
    for (let i = 0; i < texts.length; i += bs) {
      const out = await ex(texts.slice(i, i + bs), { pooling: 'mean', normalize: true });
      dim = out.dims[1];
      chunks.push(Float32Array.from(out.data as Float32Array));
      b.increment(Math.min(bs, texts.length - i));
    }
    b.stop();
    const data = new Float32Array(texts.length * dim);
    let o = 0;
    for (const c of chunks) {
      data.set(c, o);
      o += c.length;
    }
    return { data, dim };
  }
  const C = await embed(candTexts, 'model: embed catalogue');
  const Q = await embed(
    queries.map((q) => q.text),
    'model: embed queries',
  );
  const B = backstage ? await embed([backstage.nl], 'model: embed backstage') : null;
  const D = C.dim;
  const nC = candTexts.length;
  const dots = (v: Float32Array, off: number) => {
    const out = new Float32Array(nC);
    for (let j = 0; j < nC; j++) {
      let s = 0;
      const o = j * D;
      for (let k = 0; k < D; k++) s += v[off + k] * C.data[o + k];
      out[j] = s;
    }
    return out;
  };
  return {
    sims: (qi) => dots(Q.data, qi * D),
    candSims: (ci) => dots(C.data, ci * D),
    backstageSims: () => (B ? dots(B.data, 0) : null),
  };
}

// ------------------------------------------------------------------ TF-IDF baseline
function lexTokens(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

function tfidfScorer(): Scorer {
  const all = [...candTexts, ...queries.map((q) => q.text), ...(backstage ? [backstage.nl] : [])];
  const toks = all.map(lexTokens);
  const df = new Map<string, number>();
  for (const t of toks) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  const N = all.length;
  const vecs = toks.map((t) => {
    const tf = new Map<string, number>();
    for (const w of t) tf.set(w, (tf.get(w) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, c] of tf) {
      const x = (1 + Math.log(c)) * Math.log((N + 1) / ((df.get(w) ?? 0) + 1));
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  });
  const nC = candTexts.length;
  const post = new Map<string, { i: number; x: number }[]>();
  for (let i = 0; i < nC; i++)
    for (const [w, x] of vecs[i]) {
      let l = post.get(w);
      if (!l) post.set(w, (l = []));
      l.push({ i, x });
    }
  const score = (v: Map<string, number>) => {
    const out = new Float32Array(nC);
    for (const [w, x] of v) {
      const l = post.get(w);
      if (l) for (const p of l) out[p.i] += x * p.x;
    }
    return out;
  };
  return {
    sims: (qi) => score(vecs[nC + qi]),
    candSims: (ci) => score(vecs[ci]),
    backstageSims: () => (backstage ? score(vecs[vecs.length - 1]) : null),
  };
}

// ------------------------------------------------------------------ main
async function main() {
  console.log(`model: ${modelDir}`);
  console.log(`pairs: ${pairsFile} (${queries.length} non-English synopses)`);
  console.log(`candidates: ${candTexts.length} English texts (${catalog.length} catalogue overviews)`);
  const m = await evaluate('model', await modelScorer());
  const t = evaluate('tfidf', tfidfScorer());
  const f = (x: number) => x.toFixed(3);
  console.log('');
  console.log('lang     n   | model top1 top10   mrr | tfidf top1 top10   mrr');
  for (const l of Object.keys(m.stats)) {
    const a = m.stats[l];
    const b = t.stats[l];
    console.log(
      `${l.padEnd(4)} ${String(a.n).padStart(5)}   |      ${f(a.top1)} ${f(a.top10)} ${f(a.mrr)} |      ${f(b.top1)} ${f(b.top10)} ${f(b.mrr)}`,
    );
  }
  console.log(
    `avg         |      ${f(m.top1)} ${f(m.top10)} ${f(m.mrr)} |      ${f(t.top1)} ${f(t.top10)} ${f(t.mrr)}   (macro over languages)`,
  );
  console.log(`Backstage (nl -> en) rank among ${candTexts.length}: model ${m.backstageRank}, tfidf ${t.backstageRank}`);
  console.log(
    `genre precision@10 on catalogue${genreSample > 0 ? ` (sample ~${genreSample})` : ''}: model ${f(m.genreP10)}, tfidf ${f(t.genreP10)}`,
  );
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({
      eval: 'embeddings',
      top1_avg: r3(m.top1),
      top10_avg: r3(m.top10),
      mrr_avg: r3(m.mrr),
      tfidf_top1_avg: r3(t.top1),
      tfidf_top10_avg: r3(t.top10),
      tfidf_mrr_avg: r3(t.mrr),
      backstage_rank: m.backstageRank,
      tfidf_backstage_rank: t.backstageRank,
      genre_p10: r3(m.genreP10),
      tfidf_genre_p10: r3(t.genreP10),
      n_queries: queries.length,
      n_candidates: candTexts.length,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
