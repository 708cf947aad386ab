"""Dev-pair evaluation in Python (mirror of bench/eval-embeddings.ts): for each non-English synopsis, the rank
of its English partner among the catalogue overviews (+ pair English texts not in it + the Backstage English)."""
import collections
import numpy as np
import data


class DevSet:
    def __init__(self):
        cat = data.catalog()
        pairs = data.dev_pairs()
        self.cand = [f['overview'] for f in cat]
        ids = [f['tmdbId'] for f in cat]
        self.genres = [set(f['genres']) for f in cat]
        self.n_cat = len(cat)
        have = set(ids)
        for p in pairs:
            if p['id'] not in have:
                self.cand.append(p['en']); ids.append(p['id']); have.add(p['id'])
        nl, en = data.backstage()
        self.cand.append(en); ids.append(-1)
        pos = {i: k for k, i in enumerate(ids)}
        self.queries = [(p['lang'], p['fx'], pos[p['id']]) for p in pairs]
        self.backstage = (nl, pos[-1])


def ranks(Q, A, targets):
    S = Q @ A.T
    t = S[np.arange(len(targets)), targets]
    return (S > t[:, None]).sum(1) + 1


def report(ds, r, bs_rank, name='', genre=None):
    per = collections.defaultdict(list)
    for (L, _, _), x in zip(ds.queries, r):
        per[L].append(x)
    stats = {L: ((np.array(v) == 1).mean(), (np.array(v) <= 10).mean(), (1 / np.array(v)).mean(), len(v)) for L, v in sorted(per.items())}
    macro = [np.mean([s[i] for s in stats.values()]) for i in range(3)]
    micro = ((r == 1).mean(), (r <= 10).mean())
    line = f'{name:28s} ' + ' '.join(f'{L}:{s[0]:.2f}/{s[1]:.2f}' for L, s in stats.items())
    line += f' | macro {macro[0]:.3f}/{macro[1]:.3f} mrr {macro[2]:.3f} | micro {micro[0]:.3f}/{micro[1]:.3f} | bs {bs_rank}'
    if genre is not None:
        line += f' | genreP10 {genre:.3f}'
    print(line, flush=True)
    return dict(macro_top1=macro[0], macro_top10=macro[1], macro_mrr=macro[2], micro_top1=micro[0], micro_top10=micro[1], backstage=bs_rank, per=stats)


def genre_p10(ds, A, sample=2000):
    n = ds.n_cat
    idx = np.arange(0, n, max(1, n // sample))
    S = A[idx] @ A[:n].T
    S[np.arange(len(idx)), idx] = -9
    hits = []
    for k, i in enumerate(idx):
        if not ds.genres[i]:
            continue
        nn = np.argpartition(-S[k], 10)[:10]
        hits.append(np.mean([bool(ds.genres[j] & ds.genres[i]) for j in nn]))
    return float(np.mean(hits))


def evaluate(embed_fn, ds, name='', with_genre=False, weigh=lambda Q: Q):
    """`weigh`: what the product does to a query vector before searching (dev_topical.py's weightings)."""
    A = embed_fn(ds.cand)
    Q = weigh(embed_fn([t for _, t, _ in ds.queries] + [ds.backstage[0]]))
    tg = np.array([x for _, _, x in ds.queries] + [ds.backstage[1]])
    r = ranks(Q, A, tg)
    return report(ds, r[:-1], int(r[-1]), name, genre_p10(ds, A) if with_genre else None)
