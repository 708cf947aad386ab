/**
 * Parity of the shipped model with its Python mirror: the token ids transformers.js produces (as the
 * feature-extraction pipeline tokenizes) and the vectors of the standard call
 * `extractor(texts, { pooling: 'mean', normalize: true })` against those train.py computed.
 *
 *   npx ts-node --transpile-only tools/model/check_parity.ts MODEL_DIR PARITY_JSON
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface Case {
  text: string;
  ids: number[];
  vector: number[];
}

async function main(): Promise<void> {
  const [modelDir, fixture] = process.argv.slice(2).map((p) => resolve(p));
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  const extractor = await pipeline('feature-extraction', modelDir, { local_files_only: true });
  const cases = JSON.parse(readFileSync(fixture, 'utf8')) as Case[];
  let sameIds = 0;
  let worst = 1;
  for (const c of cases) {
    const encoded = extractor.tokenizer(c.text, { truncation: true });
    const ids = Array.from(encoded.input_ids.data as BigInt64Array, Number);
    if (ids.length === c.ids.length && ids.every((id, i) => id === c.ids[i])) sameIds++;
    else console.error(`ids differ for ${JSON.stringify(c.text.slice(0, 60))}`);
    const output = await extractor([c.text], { pooling: 'mean', normalize: true });
    const v = output.data as Float32Array;
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < v.length; i++) {
      dot += v[i] * c.vector[i];
      a += v[i] * v[i];
      b += c.vector[i] * c.vector[i];
    }
    worst = Math.min(worst, a === 0 && b === 0 ? 1 : dot / Math.sqrt(a * b));
  }
  console.log(`parity: token ids identical for ${sameIds}/${cases.length} texts; worst cosine of vectors ${worst.toFixed(6)}`);
  if (sameIds !== cases.length || !(worst > 0.9999)) process.exit(1);
}

void main();
