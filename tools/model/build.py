"""Build the Marquee multilingual static embedding model.

A text is embedded as the mean of its token vectors. A token's vector depends on the language of the
text it is in (detected by the model itself, naive Bayes over the tokens): it is a weighted sum of
English *concept* vectors (random, nearly orthogonal: one per English word stem, one per word piece, and a
hashed pool for foreign words that have no English counterpart). English words map to their own stem;
foreign words to the stems of their dictionary translations (direct or through pivot languages), plus their
own spelling when it is also an English word (names, places, numbers, cognates); capitalised words are
names and are never translated. Weights are idf within the text's language.
"""
import collections
import hashlib
import math
import os
import time

import numpy as np

import corpus
import lexicon
from stemming import EN_STEM, EN_STOP, Stemmer
from textnorm import WordPiece
from textnorm_fast import words_of

LIDS = ['en', 'fr', 'it', 'es', 'de', 'da', 'pl', 'pt', 'nl', 'ar']
COMPOUNDING = {'de', 'nl', 'da'}

# Chosen on the dev pairs with the dev synopses kept out of the corpora (MARQUEE_HONEST=1); differences
# below ~0.03 macro top-1 are within the spread between random seeds of the identity vectors. The topical
# channel's settings were chosen with dev_topical.py (fit on split buckets < 60, judged on 60-79).
DEFAULT = dict(
    D=384,            # output dimension (the recommended transformer models are 384-d too)
    sem_dims=48,      # of which topical (wink) dimensions
    sem_pcs=2,        # principal components of the topical part dropped
    sem_beta=0.5,     # norm of the topical part relative to the identity part
    sem_sample=2000,  # texts per language to fit the topical part's centres and components
    gamma=1.2,        # weight = idf ** gamma
    name_cap=0.6,     # capitalised in at least this share of mid-sentence uses: a name, never translated
    topk=3,           # translations kept per foreign word
    id_w=1.5,         # weight of a word's own spelling when English also has it (names, places, numbers)
    idw_tr=0.25,      # ... relative share of it when the word also has translations
    fid_w=0.0,        # weight of foreign words with neither translation nor English spelling
    piece_w=0.3,      # weight of word pieces (parts of unseen words)
    max_vocab=450000, n_pieces=20000, pool=16384, K=4, seed=0,
    exclude_dev_foreign=False, wink_words=150000, lm_top=3000, lm_floor=1e-7,
    # supervised topical channel (topical.py): dimensions, norm relative to the identity part, and its fit
    topic_dims=64, topic_beta=0.3, topic_rank=128, topic_alpha=5.0, topic_prior_w=1.0, topic_genre_w=0.3,
    topic_kw_w=1.0, topic_ml_w=0.0, topic_ml_dims=32, topic_kw_min_df=3, topic_split=80,
    sublinear_tf=False)  # a token repeated n times counts 1 + ln n (else n): costs the graph a [T, T] comparison

# How much each channel counts in a query vector, per purpose (libs/embedder query-weighting.ts reads them
# from config.json; libs/recommending weighs related lists' and search's query vectors by them; indexed
# vectors stay as embedded). Chosen with dev_topical.py 'qw=...' on split buckets 60-79.
QUERY_WEIGHTS = {'related': {'topical': 1.0}}


def channels(cfg):
    """The output's channels in order from dimension 0, as config.json's marquee.channels."""
    parts = [('identity', cfg['D'] - cfg['sem_dims'] - cfg['topic_dims']), ('semantic', cfg['sem_dims']), ('topical', cfg['topic_dims'])]
    return [{'name': name, 'dims': dims} for name, dims in parts if dims > 0]


def isword(w):
    return any(c.isalnum() for c in w)


def bm25_idf(n_docs, df):
    return math.log((n_docs - df + 0.5) / (df + 0.5) + 1.0)


class Resources:
    """Everything read from disk once: corpora, dictionaries, English word list, capitalisation."""

    def __init__(self, cache, exclude_dev_foreign=False, wink_words=150000):
        t0 = time.time()
        self.texts = corpus.corpora(exclude_dev_foreign)
        self.words = {L: [[w for w in words_of(t)] for t in ts] for L, ts in self.texts.items()}
        self.caps = corpus.capitalisation(self.texts)
        self.edges = lexicon.dictionaries(cache)
        english = set(w for doc in self.words['en'] for w in doc)
        wink_list = os.path.join(cache, 'wink.words.txt')
        if os.path.exists(wink_list):
            with open(wink_list, encoding='utf-8') as f:
                for i, line in enumerate(f):
                    if i >= wink_words:
                        break
                    ws = words_of(line.strip())
                    if len(ws) == 1:
                        english.add(ws[0])
        self.english_words = english - lexicon.JUNK
        self.wink, self.wink_index = None, {}
        if os.path.exists(os.path.join(cache, 'wink.npy')):
            self.wink = np.load(os.path.join(cache, 'wink.npy'))
            with open(wink_list, encoding='utf-8') as f:
                for i, line in enumerate(f):
                    ws = words_of(line.rstrip('\n'))
                    if len(ws) == 1 and ws[0] not in self.wink_index:
                        self.wink_index[ws[0]] = i
        self.stemmers = {L: Stemmer(L) for L in LIDS}
        self.lexicons = {L: lexicon.Lexicon(self.edges, L, self.stemmers[L], self.english_words, EN_STOP)
                         for L in LIDS if L != 'en'}
        print(f'resources in {time.time() - t0:.0f}s')


def _headwords(res, L):
    return res.lexicons[L].headwords if L in res.lexicons else set()


def build_vocab(res, cfg):
    """Ordered vocabulary and the kind of each token: every corpus word; word stems of every language
    (WordPiece's longest-prefix match then stems an unseen inflected form: 'prepar' + '##erent'); compound
    heads of German, Dutch and Danish ('dans' + '##gezelschap'); frequent word pieces for unseen names;
    Dutch and Arabic dictionary headwords (no corpus)."""
    counts = collections.Counter()
    lang_words = {}
    for L, docs in res.words.items():
        c = collections.Counter(w for doc in docs for w in doc)
        lang_words[L] = c
        counts.update(c)
    direct = {L: res.lexicons[L].direct_headwords() for L in res.lexicons}
    chars = set()
    for w in counts:
        chars.update(w)
    for hs in direct.values():
        for h in hs:
            chars.update(h)
    vocab, seen = ['[PAD]', '[UNK]'], {'[PAD]', '[UNK]'}
    kinds = {'pieces': set(), 'stems': collections.defaultdict(set), 'heads': collections.defaultdict(set)}

    def add(t):
        if t not in seen and len(vocab) < cfg['max_vocab']:
            seen.add(t)
            vocab.append(t)
            return True
        return t in seen

    for ch in sorted(chars):
        for t in (ch, '##' + ch):
            if add(t):
                kinds['pieces'].add(t)
    for w, _ in counts.most_common():
        add(w)
    for L in LIDS:
        st = res.stemmers[L]
        sources = list(lang_words.get(L, {})) if L != 'nl' else sorted(direct.get(L, ())) + list(corpus.DUTCH_FREQUENT)
        for w in sources:
            if w.isalpha() and len(w) >= 5:
                s = st(w)
                if len(s) >= 4 and s != w and w.startswith(s):
                    kinds['stems'][s].add(L)
    for s in sorted(kinds['stems']):
        add(s)
    for L in sorted(COMPOUNDING):
        hs = set(h for h in direct.get(L, ()) if len(h) >= 5 and h.isalpha())
        found = set()
        if lang_words.get(L):
            for w in lang_words[L]:
                for i in range(3, len(w) - 4):
                    for j in range(i + 5, len(w) + 1):
                        if w[i:j] in hs:
                            found.add(w[i:j])
        else:
            found = hs
        for h in sorted(found):
            if add('##' + h):
                kinds['heads']['##' + h].add(L)
    pre, suf = collections.Counter(), collections.Counter()
    for w in counts:
        if not w.isalpha() or len(w) < 4:
            continue
        for k in range(1, min(6, len(w) - 1) + 1):
            pre[w[:k]] += 1
        for i in range(1, len(w)):
            for k in range(1, 7):
                if i + k > len(w):
                    break
                suf['##' + w[i:i + k]] += 1
    substrings = pre + suf
    for p, _ in substrings.most_common(cfg['n_pieces']):
        if p not in seen and add(p):
            kinds['pieces'].add(p)
    for L in ['nl', 'ar']:
        for h in sorted(direct.get(L, ())):
            if h.isalpha():
                add(h)
    kinds['piece_types'] = substrings
    kinds['n_types'] = len(counts)
    return vocab, kinds


def token_stats(res, wp, vocab_index):
    """Per language: token counts, token document frequencies, number of documents."""
    stats = {}
    for L, docs in res.words.items():
        cnt, df = collections.Counter(), collections.Counter()
        for doc in docs:
            ids = [vocab_index[t] for w in doc for t in wp.split_word(w)]
            cnt.update(ids)
            df.update(set(ids))
        stats[L] = (cnt, df, len(docs))
    return stats


class Concepts:
    """Concept ids: 0 = nothing, 1..pool = hashed pool for foreign words with no English counterpart,
    then one id per English stem and per word piece, in order of first use."""

    def __init__(self, pool):
        self.pool = pool
        self.index = {}

    def get(self, key):
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = 1 + self.pool + len(self.index)
        return i

    def foreign(self, token):
        return 1 + int(hashlib.md5(token.encode('utf-8')).hexdigest()[:8], 16) % self.pool

    def size(self):
        return 1 + self.pool + len(self.index)


def build(res, cfg):
    t0 = time.time()
    vocab, kinds = build_vocab(res, cfg)
    vi = {t: i for i, t in enumerate(vocab)}
    wp = WordPiece(vi)
    stats = token_stats(res, wp, vi)
    V, nL = len(vocab), len(LIDS)
    print(f'vocab {V} in {time.time() - t0:.0f}s')

    # ---- language detection: naive Bayes over each language's most frequent tokens (function words and
    # common words; rare words and names carry no evidence, so a small or dictionary-only language does not win
    # on words it merely lists). Stored less the per-token maximum, which does not change the winner.
    llr = np.zeros((V, nL), np.float32)
    floor = math.log(cfg['lm_floor'])
    for j, L in enumerate(LIDS):
        cnt = collections.Counter()
        if L in stats:
            cnt.update({i: float(c) for i, c in stats[L][0].items() if vocab[i] not in kinds['pieces'] and isword(vocab[i])})
        if L == 'nl':  # no corpus: frequent Dutch words with Zipf-like weights, plus the seed pages
            for r, w in enumerate(corpus.DUTCH_FREQUENT):
                if w in vi:
                    cnt[vi[w]] += 2000.0 / (r + 10)
        if L == 'ar':  # no corpus: any Arabic-script headword
            for h in _headwords(res, L):
                if h in vi:
                    cnt[vi[h]] += 1.0
        top = cnt.most_common(cfg['lm_top'] if L != 'ar' else None)
        total = sum(c for _, c in top)
        llr[:, j] = floor
        for i, c in top:
            llr[i, j] = max(floor, math.log(c / total))
    llr -= llr.max(1, keepdims=True)
    prior = np.zeros(nL, np.float32)

    # ---- concept lists per (token, language)
    concepts = Concepts(cfg['pool'])
    pieces, stems, heads = kinds['pieces'], kinds['stems'], kinds['heads']
    corpus_langs = [L for L in LIDS if L in res.words and L != 'nl']
    word_df, stem_df, n_docs = {}, {}, {}
    for L in corpus_langs:
        st = res.stemmers[L]
        wd, sd = collections.Counter(), collections.Counter()
        for doc in res.words[L]:
            ws = set(doc)
            wd.update(ws)
            sd.update(set(st(w) for w in ws))
        word_df[L], stem_df[L], n_docs[L] = wd, sd, len(res.words[L])
    rare_idf = bm25_idf(n_docs['en'], 1)
    en_words = word_df['en']
    piece_types, n_types = kinds['piece_types'], kinds['n_types']
    lang_vocab = {L: set(word_df[L]) for L in corpus_langs}
    lang_vocab['nl'] = set(res.lexicons['nl'].direct_headwords()) | set(corpus.DUTCH_FREQUENT) | set(w for d in res.words.get('nl', []) for w in d)
    lang_vocab['ar'] = set(res.lexicons['ar'].direct_headwords())
    g = cfg['gamma']

    def english_idf(w):
        return bm25_idf(n_docs['en'], en_words.get(w, 0))

    def word_idf(L, w, translations=()):
        if L in word_df:
            return bm25_idf(n_docs[L], word_df[L].get(w, 0))
        if L == 'nl' and w in corpus.DUTCH_FUNCTION:
            return 0.0
        if L == 'nl' and w in corpus.DUTCH_COMMON:
            return 1.5
        # no corpus: as informative as the English words it translates to
        ws = [english_idf(e) for e in translations if e in en_words]
        return max(ws) if ws else rare_idf

    def english_concept(w):
        if w in EN_STOP or not isword(w) or w not in res.english_words:
            return None
        s = EN_STEM(w)
        return None if s in EN_STOP else concepts.get('en:' + s)

    def is_name(L, w):
        """Capitalised mid-sentence in the language's own texts (else in any language's, unless a dictionary
        of this corpus-less language knows the word). German capitalises every noun: never a name by case."""
        if L == 'de':
            return False
        c, n = res.caps.get(L, {}).get(w, (0, 0))
        if n < 2:
            if L not in word_df and w in lang_vocab.get(L, ()):
                return False
            c, n = res.caps[None].get(w, (0, 0))
        return n >= 2 and c / n >= cfg['name_cap']

    def piece_list(t):
        idf_p = math.log(1 + n_types / (1 + piece_types.get(t, 0)))
        return [(concepts.get('piece:' + t), cfg['piece_w'] * idf_p ** g)]

    def translated(L, trans, weight, ident):
        known = ((v, e, english_concept(e)) for e, v in trans.items())
        top = sorted(((v, e, c) for v, e, c in known if c is not None), reverse=True)[:cfg['topk']]
        if weight is None:
            weight = word_idf(L, None, [e for _, e, _ in top])
        base = weight ** g
        z = sum(v for v, _, _ in top)
        out = [(c, base * v / z) for v, _, c in top]
        if ident is not None:
            out.append((ident, base * cfg['id_w'] * (cfg['idw_tr'] if top else 1.0)))
        return out, bool(top)

    def word_list(L, w, t):
        if L == 'en':
            c = english_concept(w)
            return [(c, english_idf(w) ** g)] if c is not None else []
        if L == 'nl' and w in corpus.DUTCH_FUNCTION:
            return []
        ident = english_concept(w)
        weight = word_idf(L, w) if L in word_df else None
        if is_name(L, w):
            base = weight if weight is not None else rare_idf
            return [(ident if ident is not None else concepts.foreign(t), cfg['id_w'] * base ** g)]
        trans, function_only = res.lexicons[L].translate(w)
        if function_only:
            return []
        out, found = translated(L, trans, weight, ident)
        if not found and ident is None and cfg['fid_w'] > 0:
            out.append((concepts.foreign(t), cfg['fid_w'] * (weight or rare_idf) ** g))
        return out

    def stem_list(L, s):
        if L == 'en':
            return [(concepts.get('en:' + s), bm25_idf(n_docs['en'], stem_df['en'].get(s, 0)) ** g)]
        weight = bm25_idf(n_docs[L], stem_df[L].get(s, 0)) if L in stem_df else None
        out, _ = translated(L, res.lexicons[L].translate_stem(s), weight, None)
        return out

    K = cfg['K']
    lists = []

    def pack(entries):
        merged = collections.defaultdict(float)
        for c, w in entries:
            if w > 0:
                merged[c] += w
        return tuple(sorted(merged.items(), key=lambda cw: -cw[1])[:K])

    direct_lists = []
    for i, t in enumerate(vocab):
        per = {}
        for j, L in enumerate(LIDS):
            if t in lang_vocab.get(L, ()) or (L == 'en' and t in en_words):
                per[j] = word_list(L, t, t)
            elif L in stems.get(t, ()):
                per[j] = stem_list(L, t)
            elif L in heads.get(t, ()):
                per[j] = word_list(L, t[2:], t)
        direct_lists.append(per)

    piece_ids = set(concepts.index[k] for k in concepts.index if k.startswith('piece:'))
    # A corpus word that no dictionary knows ("dansgezelschap", "werkt") is read as the pieces WordPiece would
    # split it into if it were not in the vocabulary ("dans" + "##gezelschap", "werk" + "##t").
    for i, t in enumerate(vocab):
        per = direct_lists[i]
        for j, entries in list(per.items()):
            L = LIDS[j]
            if L == 'en' or entries or len(t) < 6 or not t.isalpha() or t in pieces or is_name(L, t):
                continue
            parts = wp.split_word_without(t)
            head = direct_lists[vi[parts[0]]].get(j, []) if parts else []
            if len(parts) < 2 or len(parts[0]) < 3 or not any(c > cfg['pool'] and c not in piece_ids for c, _ in head):
                continue  # only when the first part is a word this language translates
            combined = []
            for p in parts:
                if len(p.lstrip('#')) >= 3:  # inflection endings and single letters carry nothing
                    sub = direct_lists[vi[p]]
                    combined += sub.get(j, []) if j in sub else (piece_list(p) if p in pieces else [])
            per[j] = combined

    base = np.zeros(V, np.int64)
    delta = np.zeros((V, nL), np.int64)
    for i, t in enumerate(vocab):
        per = {j: pack(entries) for j, entries in direct_lists[i].items()}
        if not per:  # a word piece, or a word of no known language: its spelling
            per[0] = pack(piece_list(t)) if t in pieces else pack([(concepts.foreign(t), cfg['fid_w'] * rare_idf ** g)])
        fallback = 0 if 0 in per else max(per, key=lambda j: llr[i, j])
        distinct = []
        for key in per.values():
            if key not in distinct:
                distinct.append(key)
        base[i] = len(lists)
        lists.extend(distinct)
        for j in range(nL):
            delta[i, j] = distinct.index(per.get(j, per[fallback]))
    print(f'lists {len(lists)} concepts {concepts.size()} max delta {delta.max()} in {time.time() - t0:.0f}s')

    ent_c = np.zeros((len(lists), K), np.int64)
    ent_w = np.zeros((len(lists), K), np.float32)
    for j, key in enumerate(lists):
        for k, (c, w) in enumerate(key):
            ent_c[j, k] = c
            ent_w[j, k] = w
    R = identity_vectors(concepts.size(), cfg['D'] - cfg['sem_dims'] - cfg['topic_dims'], cfg['seed'])
    model = dict(concept_index=concepts.index, vocab=vocab, llr=llr, prior=prior, base=base, delta=delta, ent_c=ent_c, ent_w=ent_w, R=R,
                cfg=cfg, wp=wp)
    model['center'] = np.zeros((nL, R.shape[1]), np.float32)
    add_channels(model, res, cfg)
    return model


def add_channels(model, res, cfg):
    """Append the wink channel and the supervised topical channel (each optional) to the identity part."""
    identity = model['R']
    wink = semantic_vectors(res, model['concept_index'], identity.shape[0]) if res.wink is not None else None
    parts, centres = [identity], [np.zeros((len(LIDS), identity.shape[1]), np.float32)]
    if cfg['sem_dims'] > 0:
        table, centre = fold_channel(model, res, cfg, identity, wink, cfg['sem_dims'], cfg['sem_pcs'], cfg['sem_beta'])
        parts.append(table)
        centres.append(centre)
    if cfg['topic_dims'] > 0:
        import topical
        T = topical.topical_vectors(model, res, cfg, wink, cfg['topic_split'])
        table, centre = fold_channel(model, res, cfg, identity, T, cfg['topic_dims'], 0, cfg['topic_beta'])
        parts.append(table)
        centres.append(centre)
    model['R'] = np.hstack(parts).astype(np.float32)
    model['center'] = np.hstack(centres).astype(np.float32)


def identity_vectors(n, dims, seed):
    """Random, nearly orthogonal vectors: one per concept (row 0, 'nothing', is zero)."""
    R = np.random.default_rng(seed).standard_normal((n, dims)).astype(np.float32) / math.sqrt(dims)
    R[0] = 0
    return R


def semantic_vectors(res, concept_index, n):
    """100-d wink vector per English-stem concept (mean of up to 3 of its words, unit length); 0 elsewhere."""
    sem = np.zeros((n, res.wink.shape[1]), np.float32)
    count = np.zeros(n)
    for w, row in res.wink_index.items():
        c = concept_index.get('en:' + EN_STEM(w))
        if c is not None and count[c] < 3:
            v = res.wink[row]
            sem[c] += v / (np.linalg.norm(v) + 1e-9)
            count[c] += 1
    has = count > 0
    sem[has] /= count[has, None]
    return sem


def fold_channel(model, res, cfg, identity, sem, dims, pcs, beta):
    """A channel of `dims` dimensions from per-concept vectors `sem`: the pooled vectors of a text, centred
    per language, without their top `pcs` principal components (the "any film synopsis" directions), the
    next `dims` components kept, scaled so that this part has `beta` times the norm of the identity part.
    All of it is linear, so it is folded into the concept table plus one centre vector per language.
    Returns (table [n_concepts, dims], centres [n_languages, dims])."""
    rng = np.random.default_rng(cfg['seed'])
    sample = []
    for L in LIDS:
        ts = res.texts.get(L, [])
        if ts:
            sample += [ts[i] for i in rng.choice(len(ts), min(cfg['sem_sample'], len(ts)), replace=False)]
    P_lex, langs = pooled(model, sample, identity)
    P_sem, _ = pooled(model, sample, sem)
    mu = np.zeros((len(LIDS), sem.shape[1]), np.float32)
    for j in range(len(LIDS)):
        if (langs == j).any():
            mu[j] = P_sem[langs == j].mean(0)
    X = P_sem - mu[langs]
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
    _, _, Vt = np.linalg.svd(X, full_matrices=False)
    W = Vt[pcs:pcs + dims].T
    proj = (P_sem - mu[langs]) @ W
    k = beta * np.median(np.linalg.norm(P_lex, axis=1)) / (np.median(np.linalg.norm(proj, axis=1)) + 1e-9)
    return (k * sem @ W).astype(np.float32), (k * mu @ W).astype(np.float32)


# ---------------------------------------------------------------- forward pass (mirror of the ONNX graph)
def encode(model, texts, max_len=512):
    return [model['wp'].encode(t)[:max_len] for t in texts]


def tf_factor(ids):
    """A token repeated n times in a text counts 1 + ln n times in all, not n times (sublinear term
    frequency): a name repeated through a long synopsis does not drown everything else. The text's vector
    is the mean weighted by these factors, so repeating a whole text does not change it."""
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    n = counts[inverse].astype(np.float32)
    return (1.0 + np.log(n)) / n


def pooled(model, texts, R=None):
    """Mean of the token vectors (before centring and normalisation) and the detected language index."""
    R = model['R'] if R is None else R
    K = model['ent_c'].shape[1]
    out = np.zeros((len(texts), R.shape[1]), np.float32)
    langs = np.zeros(len(texts), np.int64)
    for r, ids in enumerate(encode(model, texts)):
        if not ids:
            continue
        ids = np.array(ids)
        lang = int(np.argmax(model['llr'][ids].sum(0) + model['prior']))
        lst = model['base'][ids] + model['delta'][ids, lang]
        tf = tf_factor(ids) if model['cfg'].get('sublinear_tf', True) else np.ones(len(ids), np.float32)
        w = (model['ent_w'][lst] * tf[:, None]).ravel()
        out[r] = (w[:, None] * R[model['ent_c'][lst].ravel()]).sum(0) / max(tf.sum(), 1.0)
        langs[r] = lang
    return out, langs


def embed(model, texts):
    """texts -> [n, D] L2-normalised, exactly as the ONNX graph + the pipeline's mean pooling + normalize."""
    P, langs = pooled(model, texts)
    P -= model['center'][langs]
    n = np.linalg.norm(P, axis=1, keepdims=True)
    P[[not ids for ids in encode(model, texts)]] = 0
    return P / np.where(n > 0, n, 1)
