/**
 * Tokenizer parity check: ids produced by transformers.js (as the feature-extraction pipeline calls the
 * tokenizer: padding + truncation, default special-token handling) must equal the ids the Python training
 * code (tools/model/textnorm.py) assumed. Fixture: tools/model/.cache/parity.json written by train.py.
 *   npx ts-node --transpile-only tools/model/check_tokenizer.ts [MODEL_DIR] [FIXTURE]
 */
import * as fs from 'fs';
import * as path from 'path';

async function main() {
  const root = path.resolve(__dirname, '..', '..');
  const modelDir = path.resolve(process.argv[2] ?? path.join(root, 'models/marquee-multilingual'));
  const fixture = path.resolve(process.argv[3] ?? path.join(__dirname, '.cache/parity.json'));
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.localModelPath = path.dirname(modelDir);
  const tok = await tf.AutoTokenizer.from_pretrained(modelDir, { local_files_only: true });
  const cases: { text: string; ids: number[] }[] = JSON.parse(fs.readFileSync(fixture, 'utf8'));
  let bad = 0;
  const bs = 32;
  for (let i = 0; i < cases.length; i += bs) {
    const batch = cases.slice(i, i + bs);
    const enc = tok(batch.map((c) => c.text), { padding: true, truncation: true });
    const [B, T] = enc.input_ids.dims;
    const ids = enc.input_ids.data as BigInt64Array;
    const mask = enc.attention_mask.data as BigInt64Array;
    for (let b = 0; b < B; b++) {
      const got: number[] = [];
      for (let t = 0; t < T; t++) if (mask[b * T + t] === 1n) got.push(Number(ids[b * T + t]));
      const want = batch[b].ids;
      if (got.length !== want.length || got.some((x, k) => x !== want[k])) {
        bad++;
        if (bad <= 5) {
          const k = got.findIndex((x, j) => x !== want[j]);
          console.log(`MISMATCH #${i + b} at ${k}: js=${got.slice(k, k + 5)} py=${want.slice(k, k + 5)} :: ${batch[b].text.slice(0, 80)}`);
          const show = (xs: number[]) => xs.slice(Math.max(0, k - 2), k + 5).map((x) => tok.decode([x]));
          console.log('   js tokens:', show(got), ' py tokens:', show(want));
        }
      }
    }
  }
  console.log(`tokenizer parity: ${cases.length - bad}/${cases.length} texts identical, ${bad} mismatches`);
  process.exit(bad ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
