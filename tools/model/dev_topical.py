"""Tuning harness (not part of model:train): builds the vocabulary and concept lists once, then for each
channel setting prints same-film figures (dev pairs) and topical figures (genre / keyword P@10 of English and
non-English synopses against the catalogue, the eval:topical protocol) on a validation slice of the fitting
split: the topical channel is fitted on split buckets < 60 and judged on buckets 60..79, so the reported 20%
stays untouched.   python3 dev_topical.py 'topic_dims=64 topic_beta=0.8' 'topic_dims=96 ...' ..."""
import functools
import os
import sys
import time

import numpy as np

import build
import data
import evaluate
import topical
import train

CACHE = train.CACHE


def query_weighting(cfg, weights):
    """Per-dimension query weights (identity, wink, topical channels), as the product applies them to a
    query vector before searching (libs/recommending), then L2-normalised."""
    sizes = (cfg['D'] - cfg['sem_dims'] - cfg['topic_dims'], cfg['sem_dims'], cfg['topic_dims'])
    w = np.concatenate([np.full(n, x, np.float32) for n, x in zip(sizes, weights)])

    def apply(Q):
        Q = Q * w
        return Q / np.maximum(np.linalg.norm(Q, axis=1, keepdims=True), 1e-9)
    return apply


def topical_eval(embed_fn, lo=60, hi=80, weigh=lambda Q: Q):
    cat = data.catalog()
    A = embed_fn([f['overview'] for f in cat])
    pos = {f['tmdbId']: i for i, f in enumerate(cat)}
    kw = np.array([bool(f['keywords']) for f in cat])
    pairs = [p for p in data.dev_pairs() if p['id'] in pos and lo <= topical.split_bucket(p['id']) < hi]
    out = {}
    for side in ('en', 'fx'):
        Q = weigh(embed_fn([p[side] for p in pairs]))
        S = Q @ A.T
        per = {}
        for q, p in enumerate(pairs):
            i = pos[p['id']]
            s = S[q].copy()
            s[i] = -9
            g = set(cat[i]['genres'])
            top = np.argpartition(-s, 10)[:10]
            per.setdefault(p['lang'], []).append(np.mean([bool(g & set(cat[j]['genres'])) for j in top]))
        out[side] = np.mean([np.mean(v) for v in per.values()])
    # English keyword P@10 over validation films with keywords
    films = [i for i, f in enumerate(cat) if f['keywords'] and lo <= topical.split_bucket(f['tmdbId']) < hi]
    S = weigh(A[films]) @ A[kw].T
    kidx = np.where(kw)[0]
    hits = []
    for r, i in enumerate(films):
        s = S[r].copy()
        s[kidx == i] = -9
        top = kidx[np.argpartition(-s, 10)[:10]]
        k = set(cat[i]['keywords'])
        hits.append(np.mean([bool(k & set(cat[j]['keywords'])) for j in top]))
    return out['en'], out['fx'], float(np.mean(hits))


def specs(args):
    """The settings given, or with --queue FILE every line appended to FILE (waits for more; 'stop' ends)."""
    if args[:1] != ['--queue']:
        yield from args
        return
    done = 0
    while True:
        with open(args[1]) as f:
            lines = [line.strip() for line in f if line.strip()]
        for line in lines[done:]:
            if line == 'stop':
                return
            yield line
        done = len(lines)
        time.sleep(5)


def weightings(spec):
    """'qw=i,s,t;i,s,t' in a setting: the query weightings to judge it with (default 1,1,1)."""
    rest, found = [], ['1,1,1']
    for part in spec.split():
        if part.startswith('qw='):
            found = part[3:].split(';')
        else:
            rest.append(part)
    return ' '.join(rest), [tuple(float(x) for x in q.split(',')) for q in found]


def main():
    t0 = time.time()
    res = build.Resources(CACHE, False, build.DEFAULT['wink_words'])
    base_cfg = dict(build.DEFAULT, sem_dims=0, topic_dims=0, sublinear_tf=os.environ.get('DEV_SUBLINEAR_TF', '1') == '1')
    model = build.build(res, base_cfg)
    ds = evaluate.DevSet()
    print(f'base built in {time.time() - t0:.0f}s', flush=True)
    for full_spec in specs(sys.argv[1:]):
        spec, qws = weightings(full_spec)
        cfg = train.parse(spec.split())
        cfg['topic_split'] = 60
        if cfg['sublinear_tf'] != base_cfg['sublinear_tf'] or cfg['K'] != base_cfg['K']:
            print(f'   {spec}: sublinear_tf and K are fixed by the base build; skipped', flush=True)
            continue
        m = dict(model, cfg=cfg)
        m['R'] = build.identity_vectors(len(model['R']), cfg['D'] - cfg['sem_dims'] - cfg['topic_dims'], cfg['seed'])
        build.add_channels(m, res, cfg)
        memo = functools.lru_cache(maxsize=8)(lambda ts: build.embed(m, list(ts)))
        fn = lambda ts: memo(tuple(ts))  # one embedding per text list for every weighting judged
        for qw in qws:
            weigh = query_weighting(cfg, qw)
            r = evaluate.evaluate(fn, ds, spec[:28], weigh=weigh)
            en, fx, kwp = topical_eval(fn, weigh=weigh)
            print(f'   {spec} qw={qw}: genreP10 en {en:.3f} xx {fx:.3f} kwP10(en) {kwp:.3f} | same-film {r["macro_top1"]:.3f}/{r["macro_top10"]:.3f} bs {r["backstage"]}', flush=True)


if __name__ == '__main__':
    main()
