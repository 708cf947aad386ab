"""Token rows and evaluation helpers (shared by train.py and devtune.py)."""
import collections
import math
import time

import numpy as np

import model as M
import cognates
from textnorm import WordPiece
from textnorm_fast import words_of

DEFAULT = dict(D=384, a=1.0, b=1.0, gamma=2.0, iota=0.15, u=3.0, u_fx=0.0, rho=0.3, xlang=0.0, piece_w=0.1, stem_w=0.6, cog_w=1.0, cog_min=2,
               mined_w=0.0, pcs=3, en_idf=0.0, omega_oov=0.0, lang_idf=1.0, idf_m=50.0, center=True, max_mb=54.0, n_pieces=10000,
               mine_min_co=2, mine_thresh=0.3, mine_k=5, mine_fallback=1.0)


def log(*a):
    print(*a, flush=True, file=__import__('sys').stderr)


class State:
    pass


def prepare(cfg):
    t0 = time.time()
    S = State()
    S.texts, S.pairs = M.load_corpora()
    S.cnt = M.word_counts(S.texts)
    log('counts', round(time.time() - t0, 1))
    S.dicts = M.load_dicts()
    log('dicts', round(time.time() - t0, 1), {L: len(d) for L, d in S.dicts.items()})
    S.wink_idx, S.wink = M.load_wink()
    wn = S.wink / np.maximum(np.linalg.norm(S.wink, axis=1, keepdims=True), 1e-6)
    S.wink_unit = wn.astype(np.float32)
    max_size = int(cfg['max_mb'] * 1e6 / (cfg['D'] + 4))
    S.vocab = M.build_vocab(S.cnt, S.dicts, S.wink_idx, max_size, cfg['n_pieces'])
    S.tok2id = {t: i for i, t in enumerate(S.vocab)}
    S.wp = WordPiece(S.tok2id)
    log('vocab', len(S.vocab), round(time.time() - t0, 1))
    S.allc = collections.Counter()
    for c in S.cnt.values():
        S.allc.update(c)
    S.dict_words = set()
    for d in S.dicts.values():
        S.dict_words.update(d)
    S.stemmers = {L: M.Stemmer(L) for L in list(S.dicts) + ['en']}
    S.stem_idx = {L: M.stem_index(d, S.stemmers[L]) for L, d in S.dicts.items()}
    # idf over all corpus texts (all languages mixed)
    N = 0
    df = np.zeros(len(S.vocab), np.float64)
    S.langs = sorted(S.texts)
    S.tok_lang = np.zeros((len(S.vocab), len(S.langs)), np.float32)
    S.tok_df = np.zeros((len(S.vocab), len(S.langs)), np.float32)
    S.lang_N = np.zeros(len(S.langs), np.float32)
    S.lang_docs = {}
    rs = np.random.default_rng(7)
    for li, (L, ts) in enumerate(sorted(S.texts.items())):
        sample = []
        for t in ts:
            ids = S.wp.encode(t)
            N += 1
            for i in set(ids):
                df[i] += 1
            np.add.at(S.tok_lang[:, li], ids, 1.0)
            S.tok_df[list(set(ids)), li] += 1.0
            S.lang_N[li] += 1
            if len(ids) >= 8:
                sample.append(ids)
        keep = rs.permutation(len(sample))[:1500]
        S.lang_docs[L] = [sample[i] for i in sorted(keep)]
    S.idf = np.log((N + 1) / (df + 1)).astype(np.float32)
    compute_en_df(S)
    S.ndocs = N
    log('idf', round(time.time() - t0, 1))
    # eval sets
    cat = M.data.catalog()
    S.cat_ids = [f['tmdbId'] for f in cat]
    S.cat_genres = [set(f['genres']) for f in cat]
    cand_texts = [f['overview'] for f in cat]
    cand_ids = list(S.cat_ids)
    have = set(cand_ids)
    for p in S.pairs:
        if p['id'] not in have:
            cand_texts.append(p['en'])
            cand_ids.append(p['id'])
            have.add(p['id'])
    nl, en = M.data.backstage()
    cand_texts.append(en)
    cand_ids.append(-1)
    S.cand_ids = np.array(cand_ids)
    S.cand_tok = [S.wp.encode(t)[:512] for t in cand_texts]
    S.q_tok = [S.wp.encode(p["fx"])[:512] for p in S.pairs]
    S.q_lang = [p['lang'] for p in S.pairs]
    S.q_ids = np.array([p['id'] for p in S.pairs])
    S.bs_tok = S.wp.encode(nl)[:512]
    log('eval sets tokenized', round(time.time() - t0, 1))
    return S


def lang_idf(S, cfg):
    """idf of each token within its own language(s): sum_L p(L|t) log((N_L+m)/(df_L(t)+m*rate(t))),
    smoothed towards the all-language rate for small corpora."""
    m = cfg['idf_m']
    N_all = S.lang_N.sum()
    rate = S.tok_df.sum(1) / N_all
    idf_L = np.log((S.lang_N[None, :] + m) / (S.tok_df + m * rate[:, None] + 1e-3))
    P = S.tok_lang / np.maximum(S.tok_lang.sum(1, keepdims=True), 1e-9)
    unseen = S.tok_lang.sum(1) == 0
    out = (P * idf_L).sum(1)
    out[unseen] = S.idf[unseen]
    return np.maximum(out, 0).astype(np.float32)


def compute_en_df(S):
    """document frequencies of normalized words over the English corpus (catalogue + monolingual en)."""
    dfw = collections.Counter()
    for t in S.texts['en']:
        dfw.update(set(words_of(t)))
    S.en_df = dfw
    S.en_N = len(S.texts['en'])


def en_weight(S, e, cfg):
    n = S.en_df.get(e, 0)
    if n == 0:
        return cfg['omega_oov'] * math.log(S.en_N + 1) ** cfg['gamma']
    return math.log((S.en_N + 1) / (n + 1)) ** cfg['gamma']


def token_words(S):
    """words as the tokenizer sees them: whole vocab words or pieces."""
    def f(text):
        return S.wp.tokenize(text)
    return f


def lang_probs(S, t):
    ps = {}
    for L, c in S.cnt.items():
        n = c.get(t, 0)
        if n:
            ps[L] = float(n)
    if not ps:
        for L, d in S.dicts.items():
            if t in d:
                ps[L] = 0.5
        if not ps and t in S.wink_idx:
            ps['en'] = 0.5
    tot = sum(ps.values())
    return {L: v / tot for L, v in ps.items()} if tot else {}


def translations(S, L, t, mined, cfg):
    res = collections.defaultdict(float)
    d = S.dicts.get(L, {})
    if t in d:
        for e, w in d[t].items():
            res[e] += w
    else:
        st = S.stemmers[L](t) if L in S.stemmers else t
        hs = S.stem_idx.get(L, {}).get(st, [])
        for h in hs[:5]:
            for e, w in d[h].items():
                res[e] += cfg['stem_w'] * w / len(hs[:5])
    m = mined.get(L, {}).get(t) if mined else None
    if m and ((cfg['mine_fallback'] > 0 and res) or t in S.cnt['en']):
        m = None
    if m:
        tot = sum(m.values())
        for e, w in m.items():
            res[e] += cfg['mined_w'] * w / tot
    tot = sum(res.values())
    if tot <= 0 and cfg['cog_w'] > 0:
        cognates.MIN_SUFFIX = int(cfg['cog_min'])
        for e in cognates.guesses(t, S.en_df):
            res[e] += 1.0
        tot = sum(res.values())
        if tot > 0:
            return {e: cfg['cog_w'] * w / tot for e, w in res.items()}
    if tot <= 0:
        return None
    return {e: w / tot for e, w in res.items()}


ROMANCE = ['fr', 'it', 'es', 'pt']


def token_dists(S, cfg, mined):
    """Per token: (weight multiplier, {concept word: q})."""
    out = []
    for i, t in enumerate(S.vocab):
        if i < 2:
            out.append((0.0, {}))
            continue
        if not M.is_wordlike(t):
            out.append((0.0, {}))
            continue
        is_piece = t.startswith('##') or (t not in S.allc and t not in S.dict_words)
        if is_piece:
            out.append((cfg['piece_w'], {'#piece:' + t: 1.0}))
            continue
        ps = lang_probs(S, t)
        if not ps:
            ps = {'en': 1.0}
        q = collections.defaultdict(float)
        mult = 0.0
        for L, p in ps.items():
            if L == 'en':
                q[t] += p
                mult += p
                continue
            tr = translations(S, L, t, mined, cfg)
            if tr is None and cfg['xlang'] > 0 and L in ROMANCE:
                for L2 in ROMANCE:
                    if L2 != L:
                        tr = translations(S, L2, t, None, cfg)
                        if tr is not None:
                            q[t] += p * cfg['iota']
                            for e, w in tr.items():
                                q[e] += p * (1 - cfg['iota']) * w
                            mult += p * cfg['xlang']
                            break
                if tr is not None:
                    continue
            if tr is None:
                q[t] += p
                mult += p * (cfg['u'] if t in S.cnt['en'] else cfg['u_fx'])
            else:
                for e, w in tr.items():
                    q[e] += p * (1 - cfg['iota']) * w
                q[t] += p * cfg['iota']
                mult += p
        if cfg['rho'] > 0 and len(t) >= 6 and t.isalpha():
            tot = sum(q.values())
            q['#p5:' + t[:5]] += cfg['rho'] * tot
        out.append((mult, dict(q)))
    return out


def build_table(S, cfg, mined):
    t0 = time.time()
    dists = token_dists(S, cfg, mined)
    V = len(S.vocab)
    Dl = int(cfg['D']) - 100
    concepts = {}
    rows_t, rows_c, rows_q, sem_t, sem_w, sem_q = [], [], [], [], [], []
    use_en = cfg['en_idf'] > 0
    omega = {}
    for i, (mult, q) in enumerate(dists):
        for e, w in q.items():
            if use_en:
                if e.startswith('#piece:'):
                    w = w * float(S.idf[i]) ** cfg['gamma']
                elif e.startswith('#p5:'):
                    w = w * math.log(S.en_N + 1) ** cfg['gamma'] * 0.5
                else:
                    om = omega.get(e)
                    if om is None:
                        om = omega[e] = en_weight(S, e, cfg)
                    w = w * om
                if w == 0:
                    continue
            key = e if e.startswith('#') else M.EN_STEM(e)
            ci = concepts.setdefault(key, len(concepts))
            rows_t.append(i); rows_c.append(ci); rows_q.append(w)
            wi = S.wink_idx.get(e)
            if wi is not None:
                sem_t.append(i); sem_w.append(wi); sem_q.append(w)
    # deterministic random index vectors: concept keys sorted
    keys = sorted(concepts)
    order = np.empty(len(keys), np.int64)
    for r, k in enumerate(keys):
        order[concepts[k]] = r
    rng = np.random.default_rng(12345)
    R = (rng.standard_normal((len(keys), Dl)) / math.sqrt(Dl)).astype(np.float32)
    lex = np.zeros((V, Dl), np.float32)
    sem = np.zeros((V, 100), np.float32)
    rt, rc, rq = np.array(rows_t), order[np.array(rows_c)], np.array(rows_q, np.float32)
    for s in range(0, len(rt), 200000):
        np.add.at(lex, rt[s:s + 200000], rq[s:s + 200000, None] * R[rc[s:s + 200000]])
    st, sw, sq = np.array(sem_t), np.array(sem_w), np.array(sem_q, np.float32)
    for s in range(0, len(st), 200000):
        np.add.at(sem, st[s:s + 200000], sq[s:s + 200000, None] * S.wink_unit[sw[s:s + 200000]])
    mult = np.array([m for m, _ in dists], np.float32)
    idf = lang_idf(S, cfg) if cfg['lang_idf'] > 0 else S.idf
    w = mult * (1.0 if use_en else idf ** cfg['gamma'])
    table = np.concatenate([cfg['a'] * sem, cfg['b'] * lex], axis=1) * w[:, None]
    return table


def encode(table, docs):
    out = np.zeros((len(docs), table.shape[1]), np.float32)
    for i, ids in enumerate(docs):
        if ids:
            out[i] = table[ids].mean(0)
    return out


def lang_offsets(S, table):
    """Per-language centring folded into token rows: row_t -= sum_L p(L|t) c_L, with c_L solved so that
    every language's documents have zero mean after pooling."""
    P = S.tok_lang / np.maximum(S.tok_lang.sum(1, keepdims=True), 1e-9)
    unseen = S.tok_lang.sum(1) == 0
    P[unseen] = 1.0 / P.shape[1]
    langs = [L for L in S.langs if len(S.lang_docs.get(L, [])) >= 1]
    li = [S.langs.index(L) for L in langs]
    Mx = np.zeros((len(langs), len(S.langs)), np.float64)
    m = np.zeros((len(langs), table.shape[1]), np.float64)
    for r, L in enumerate(langs):
        docs = S.lang_docs[L]
        m[r] = encode(table, docs).mean(0)
        Mx[r] = encode(P, docs).mean(0)
    # unknown c for languages without docs: tie them to the mean of the others (least squares w/ ridge)
    lam = 1e-3
    A = Mx.T @ Mx + lam * np.eye(len(S.langs))
    C = np.linalg.solve(A, Mx.T @ m)
    return (table - P @ C.astype(np.float32)).astype(np.float32)


def postprocess(S, table, cfg):
    """Fold centering + PC removal into the table."""
    if not cfg['center'] and not cfg['pcs']:
        return table
    t = lang_offsets(S, table) if cfg['center'] else table
    ref = encode(t, [d for L in S.langs for d in S.lang_docs[L][:500]])
    X = ref - ref.mean(0)
    if cfg['pcs']:
        _, _, Vt = np.linalg.svd(X, full_matrices=False)
        U = Vt[:int(cfg['pcs'])].T
        t = t - (t @ U) @ U.T
    return t.astype(np.float32)


def normalize(x):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def ranks(S, table, q_idx=None):
    C = normalize(encode(table, S.cand_tok))
    qi = range(len(S.q_tok)) if q_idx is None else q_idx
    Q = normalize(encode(table, [S.q_tok[i] for i in qi]))
    sims = Q @ C.T
    tgt = np.array([np.where(S.cand_ids == S.q_ids[i])[0][0] for i in qi])
    ts = sims[np.arange(len(tgt)), tgt]
    r = (sims > ts[:, None]).sum(1) + 1
    B = normalize(encode(table, [S.bs_tok]))
    bs = (B @ C.T)[0]
    bsr = int((bs > bs[-1]).sum() + 1)
    return r, bsr


def summarize(S, r, qi=None, label=''):
    langs = [S.q_lang[i] for i in (qi if qi is not None else range(len(S.q_tok)))]
    by = collections.defaultdict(list)
    for L, x in zip(langs, r):
        by[L].append(x)
    res = {}
    for L in sorted(by):
        a = np.array(by[L])
        res[L] = (float((a == 1).mean()), float((a <= 10).mean()), float((1 / a).mean()), len(a))
    avg = [float(np.mean([v[k] for v in res.values()])) for k in range(3)]
    return res, avg
