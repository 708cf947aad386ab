"""The supervised topical channel: what a concept says about what a film is about.

Each concept (an English stem; foreign words reach it through their translations) gets the mean label
profile of the labelled films whose text contains it, shrunk towards a prediction from its wink vector
(so rare and unseen words still carry a topic): T_c = (sum_f b_fc y_f + alpha * wink_c M) / (n_c + alpha),
b_fc = 1 when film f's text has concept c, n_c = number of such films, y_f = the film's centred label
profile. Labels: TMDB genres and keywords of the catalogue and MovieLens co-rating factors, each block
L2-normalised, reduced to `topic_rank` dimensions by SVD. Only films of the fitting split are used
(sha1("marquee-split:<tmdbId>") % 100 < 80, the rule of bench/support/label-split.ts); the labelled texts
are their English overviews plus the non-English dev synopses of the same films.

A text's topical vector is the weighted mean of its concepts' T_c: the same pooling as the rest of the
model, so the channel is folded into the concept table like the wink channel."""
import collections
import csv
import hashlib
import math
import os

import numpy as np

import data


def split_bucket(tmdb_id):
    return int(hashlib.sha1(f'marquee-split:{tmdb_id}'.encode()).hexdigest()[:8], 16) % 100


def in_fitting_split(tmdb_id, limit=80):
    return split_bucket(tmdb_id) < limit


def concept_bags(model, texts):
    """A text's distinct concepts (rows, concepts as two aligned arrays, one entry per (text, concept))
    and the detected languages."""
    from build import encode, tf_factor
    rows, cols, vals = [], [], []
    langs = np.zeros(len(texts), np.int64)
    for r, ids in enumerate(encode(model, texts)):
        if not ids:
            continue
        ids = np.array(ids)
        lang = int(np.argmax(model['llr'][ids].sum(0) + model['prior']))
        lst = model['base'][ids] + model['delta'][ids, lang]
        tf = tf_factor(ids) if model['cfg'].get('sublinear_tf', True) else np.ones(len(ids), np.float32)
        w = (model['ent_w'][lst] * tf[:, None]).ravel()
        c = np.unique(model['ent_c'][lst].ravel()[w > 0])
        c = c[c > 0]
        rows.append(np.full(len(c), r))
        cols.append(c)
        langs[r] = lang
    return np.concatenate(rows), np.concatenate(cols), langs


def movielens_factors(dims, min_ratings=5):
    """tmdbId -> item factor of the MovieLens training ratings (centred per user, truncated SVD)."""
    base = os.path.join(data.DATA, 'movielens')
    links = {}
    with open(os.path.join(base, 'links.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            if row['tmdbId']:
                links[int(row['movieId'])] = int(row['tmdbId'])
    users, items, ratings = [], [], []
    with open(os.path.join(base, 'ratings_train.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            m = int(row['movieId'])
            if m in links:
                users.append(int(row['userId']))
                items.append(links[m])
                ratings.append(float(row['rating']))
    uid = {u: i for i, u in enumerate(sorted(set(users)))}
    counts = collections.Counter(items)
    kept = sorted(t for t, c in counts.items() if c >= min_ratings)
    iid = {t: i for i, t in enumerate(kept)}
    r = np.array(ratings, np.float64)
    u = np.array([uid[x] for x in users])
    user_mean = np.bincount(u, r) / np.maximum(np.bincount(u), 1)
    sel = np.array([t in iid for t in items])
    M = np.zeros((len(uid), len(kept)))
    M[u[sel], np.array([iid[t] for t, s in zip(items, sel) if s])] = (r - user_mean[u])[sel]
    _, s, vt = np.linalg.svd(M, full_matrices=False)
    factors = vt[:dims].T * s[:dims]
    return {t: factors[i] for t, i in iid.items()}


def label_profiles(films, cfg):
    """[n_films, topic_rank] centred, reduced label profiles of these catalogue films."""
    genres = sorted(set(g for f in films for g in f['genres']))
    kw_df = collections.Counter(k for f in films for k in set(f['keywords']))
    keywords = sorted(k for k, c in kw_df.items() if c >= cfg['topic_kw_min_df'])
    gi = {g: i for i, g in enumerate(genres)}
    ki = {k: i for i, k in enumerate(keywords)}
    n = len(films)
    G = np.zeros((n, len(genres)), np.float32)
    Kw = np.zeros((n, len(keywords)), np.float32)
    ML = np.zeros((n, cfg['topic_ml_dims']), np.float32)
    ml = movielens_factors(cfg['topic_ml_dims']) if cfg['topic_ml_w'] > 0 else {}
    n_kw = sum(1 for f in films if f['keywords'])
    for r, f in enumerate(films):
        for g in f['genres']:
            G[r, gi[g]] = 1.0
        for k in set(f['keywords']):
            if k in ki:
                Kw[r, ki[k]] = math.log(n_kw / kw_df[k])
        if f['tmdbId'] in ml:
            ML[r] = ml[f['tmdbId']]
    blocks = []
    for B, w in ((G, cfg['topic_genre_w']), (Kw, cfg['topic_kw_w']), (ML, cfg['topic_ml_w'])):
        if w <= 0:
            continue
        has = np.abs(B).sum(1) > 0
        B = B.copy()
        B[has] -= B[has].mean(0)  # centred among the films that have labels of this kind; the others stay 0
        B /= np.linalg.norm(B, axis=1, keepdims=True) + 1e-9
        blocks.append(w * B)
    Y = np.hstack(blocks)
    U, S, _ = np.linalg.svd(Y, full_matrices=False)
    k = min(cfg['topic_rank'], len(S))
    return (U[:, :k] * S[:k]).astype(np.float32)


def topical_vectors(model, res, cfg, wink_sem, split_limit=80):
    """[n_concepts, topic_rank] topical vector of every concept (see the module docstring)."""
    films = [f for f in data.catalog() if in_fitting_split(f['tmdbId'], split_limit)]
    by_id = {f['tmdbId']: i for i, f in enumerate(films)}
    texts = [f['overview'] for f in films]
    owners = list(range(len(films)))
    for p in data.dev_pairs():
        if p['id'] in by_id:
            texts.append(p['fx'])
            owners.append(by_id[p['id']])
    Y = label_profiles(films, cfg)[owners]
    rows, cols, _ = concept_bags(model, texts)
    n_concepts = model['R'].shape[0]
    n_c = np.bincount(cols, minlength=n_concepts).astype(np.float32)
    S = np.zeros((n_concepts, Y.shape[1]), np.float32)
    np.add.at(S, cols, Y[rows])
    alpha = cfg['topic_alpha']
    # wink prior: ridge regression of the concepts' direct profiles on their wink vectors, weighted by support
    has_w = np.abs(wink_sem).sum(1) > 0
    fit = has_w & (n_c >= 3)
    direct = S[fit] / n_c[fit, None]
    Wt = np.sqrt(n_c[fit])[:, None]
    A = wink_sem[fit] * Wt
    M = np.linalg.solve(A.T @ A + 1.0 * np.eye(A.shape[1]), A.T @ (direct * Wt))
    prior = (wink_sem @ M).astype(np.float32) * cfg['topic_prior_w']
    T = (S + alpha * prior) / (n_c[:, None] + alpha)
    T[~has_w & (n_c == 0)] = 0
    print(f'topical channel: {len(films)} films, {len(texts)} labelled texts, {int((n_c > 0).sum())} concepts seen, '
          f'{int(fit.sum())} fit the wink prior', flush=True)
    return T.astype(np.float32)
