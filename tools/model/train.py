"""Train + export the Marquee multilingual static embedding model.

Usage: python3 train.py OUTDIR [key=value ...]   (keys: build.DEFAULT)
Environment: MARQUEE_CACHE (dictionaries/wink cache), MARQUEE_HONEST=1 to also print the dev figures of a
model built without the dev pairs' non-English synopses (as unseen as the held-out ones)."""
import json
import os
import sys
import time

import build
import evaluate
import export

CACHE = os.environ.get('MARQUEE_CACHE', os.path.join(os.path.dirname(os.path.abspath(__file__)), '.cache'))


def parse(args):
    cfg = dict(build.DEFAULT)
    for a in args:
        k, v = a.split('=', 1)
        if k not in cfg:
            raise SystemExit(f'unknown setting {k}; known: {", ".join(cfg)}')
        cfg[k] = v in ('1', 'true', 'True') if isinstance(cfg[k], bool) else type(cfg[k])(v)
    return cfg


def dev_figures(res, cfg, label):
    model = export.quantized(build.build(res, cfg))
    return model, evaluate.evaluate(lambda ts: build.embed(model, ts), evaluate.DevSet(), label, with_genre=True)


def main():
    out, cfg = sys.argv[1], parse(sys.argv[2:])
    t0 = time.time()
    if os.environ.get('MARQUEE_HONEST') == '1':
        honest = dict(cfg, exclude_dev_foreign=True)
        dev_figures(build.Resources(CACHE, True, cfg['wink_words']), honest, 'dev synopses unseen')
    res = build.Resources(CACHE, cfg['exclude_dev_foreign'], cfg['wink_words'])
    model = build.build(res, cfg)
    export.export(out, model, {'dim': cfg['D'], 'vocab': len(model['vocab']), 'languages': build.LIDS,
                               'train_config': cfg, 'channels': build.channels(cfg),
                               'query_weights': build.QUERY_WEIGHTS})
    mirror = export.quantized(model)
    ds = evaluate.DevSet()
    evaluate.evaluate(lambda ts: build.embed(mirror, ts), ds, 'shipped model', with_genre=True)
    # parity fixture for tools/model/check_parity.ts: ids and vectors the Python mirror computes
    texts = [t for _, t, _ in ds.queries[::25]] + ds.cand[::500] + [ds.backstage[0]]
    texts += ["L'homme d’affaires «Ça» 1990s — $5 ½ 東京 السَّلامُ عَلَيْكُمْ İstanbul ΣΟΦΟΣ naïve façade Straße Ærø ŁÓDŹ",
              'a', 'De film werpt een unieke blik op de wereld van een dansgezelschap', 'x' * 300]
    vecs = build.embed(mirror, texts)
    with open(os.path.join(CACHE, 'parity.json'), 'w', encoding='utf-8') as f:
        json.dump([{'text': t, 'ids': model['wp'].encode(t)[:512], 'vector': [round(float(x), 6) for x in v]}
                   for t, v in zip(texts, vecs)], f, ensure_ascii=False)
    size = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(out) for n in ns)
    print(f'exported {out}: {len(model["vocab"])} tokens, {len(model["ent_c"])} entry lists, '
          f'{len(model["R"])} concepts, D={cfg["D"]}, {size / 1e6:.1f} MB in {time.time() - t0:.0f}s')


if __name__ == '__main__':
    main()
