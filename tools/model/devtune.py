"""Development evaluation on the dev pairs (Python mirror of the ranking eval), with 5-fold CV
for mined translations. Usage: python3 devtune.py [key=value ...]"""
import json
import sys
import time

import numpy as np

import model as M
import rows

def parse(argv):
    cfg = dict(rows.DEFAULT)
    for a in argv:
        k, v = a.split('=')
        cfg[k] = type(rows.DEFAULT[k])(float(v)) if not isinstance(rows.DEFAULT[k], bool) else v in ('1', 'true')
    return cfg


def run(S, cfg, cv=True, quiet=False):
    tw = rows.token_words(S)
    out = {}
    # no mining
    if cfg.get('mined_w', 0) == 0 or not cv:
        mined = None if cfg.get('mined_w', 0) == 0 else M.mine_pairs(S.pairs, tw, cfg['mine_min_co'], cfg['mine_thresh'], cfg['mine_k'])
        tab = rows.postprocess(S, rows.build_table(S, cfg, mined), cfg)
        r, bsr = rows.ranks(S, tab)
        res, avg = rows.summarize(S, r)
        return res, avg, bsr
    n = len(S.pairs)
    fold = np.array([hash_fold(p['id']) for p in S.pairs])
    allr = np.zeros(n, np.int64)
    bsr = None
    for k in range(5):
        tr = [p for p, f in zip(S.pairs, fold) if f != k]
        mined = M.mine_pairs(tr, tw, cfg['mine_min_co'], cfg['mine_thresh'], cfg['mine_k'])
        tab = rows.postprocess(S, rows.build_table(S, cfg, mined), cfg)
        qi = [i for i in range(n) if fold[i] == k]
        r, b = rows.ranks(S, tab, qi)
        allr[qi] = r
        bsr = b
    res, avg = rows.summarize(S, allr)
    return res, avg, bsr


def hash_fold(i):
    import hashlib
    return int(hashlib.md5(str(i).encode()).hexdigest()[:6], 16) % 5


if __name__ == '__main__':
    cfg = parse(sys.argv[1:])
    t = time.time()
    S = rows.prepare(cfg)
    res, avg, bsr = run(S, cfg)
    for L, v in res.items():
        print(L, 'top1 %.3f top10 %.3f mrr %.3f n=%d' % v)
    print('AVG top1 %.3f top10 %.3f mrr %.3f backstage %d  (%.0fs)' % (avg[0], avg[1], avg[2], bsr, time.time() - t))
