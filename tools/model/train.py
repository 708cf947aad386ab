"""Train + export the Marquee multilingual static embedding model.
Usage: python3 train.py OUTDIR [key=value ...]   (see rows.DEFAULT for keys)"""
import json
import os
import sys
import time

import numpy as np

import model as M
import rows
import export as E
import devtune


def main():
    out = sys.argv[1]
    cfg = devtune.parse(sys.argv[2:])
    t0 = time.time()
    S = rows.prepare(cfg)
    tw = rows.token_words(S)
    mined = M.mine_pairs(S.pairs, tw, cfg['mine_min_co'], cfg['mine_thresh'], cfg['mine_k']) if cfg['mined_w'] > 0 else None
    table = rows.postprocess(S, rows.build_table(S, cfg, mined), cfg)
    q, s = E.export(out, S.vocab, table, {'dim': int(cfg['D']), 'vocab': len(S.vocab), 'train_config': cfg})
    # sanity: dev ranks (in-sample for mined translations) with the dequantized table
    deq = q.astype(np.float32) * s[:, None]
    r, bsr = rows.ranks(S, deq)
    res, avg = rows.summarize(S, r)
    for L, v in res.items():
        print(L, 'top1 %.3f top10 %.3f mrr %.3f n=%d' % v)
    print('in-sample (int8) AVG top1 %.3f top10 %.3f mrr %.3f backstage %d' % (avg[0], avg[1], avg[2], bsr))
    # parity fixture for the tokenizer check (tools/model/check_tokenizer.ts)
    fx = [p['fx'] for p in S.pairs[::5]] + [p['en'] for p in S.pairs[::7]]
    fx += [open(os.path.join(M.data.DATA, 'seeds', f), encoding='utf-8').read() for f in sorted(os.listdir(os.path.join(M.data.DATA, 'seeds')))]
    for L in M.data.LANGS:
        fx += [d['overview'] for d in M.data.monolingual(L)[:400:20]]
    ar = sorted(S.dicts.get('ar', {}))[::1500]
    fx += [' '.join(ar[i:i + 12]) for i in range(0, len(ar), 12)]
    fx += ["L'homme d’affaires «Ça» 1990s — $5 ½ 東京 السَّلامُ عَلَيْكُمْ İstanbul ΣΟΦΟΣ naïve façade Straße Ærø ŁÓDŹ"]
    with open(os.path.join(M.CACHE, 'parity.json'), 'w', encoding='utf-8') as f:
        json.dump([{'text': t, 'ids': S.wp.encode(t)[:512]} for t in fx], f, ensure_ascii=False)
    sz = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(out) for fn in fns)
    print('exported %s: V=%d D=%d total %.1f MB in %.0fs' % (out, len(S.vocab), table.shape[1], sz / 1e6, time.time() - t0))


if __name__ == '__main__':
    main()
