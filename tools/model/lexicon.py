"""Bilingual dictionaries (Debian FreeDict / WikDict) as a translation graph, and foreign word -> English
word translations, direct or through pivot languages, with dictionary junk removed."""
import collections
import os
import pickle
import re

import freedict
from textnorm_fast import words_of

ISO3 = {'en': 'eng', 'fr': 'fra', 'de': 'deu', 'es': 'spa', 'it': 'ita', 'nl': 'nld', 'da': 'dan', 'pl': 'pol',
        'pt': 'por', 'ar': 'ara', 'sv': 'swe', 'fi': 'fin', 'el': 'ell'}
ISO1 = {v: k for k, v in ISO3.items()}
PIVOTS = ['de', 'fr', 'it', 'es', 'pt', 'pl', 'nl', 'sv', 'fi', 'el']
# gloss labels that the dictionaries' formatting leaves among the translations
JUNK = set('synonym synonyms pron lp abbr abbreviation colloquial informal formal obsolete archaic figurative '
           'slang vulgar plural singular masculine feminine noun verb adjective adverb'.split())


def norm_phrase(p):
    return ' '.join(w for w in words_of(p) if any(c.isalnum() for c in w))


def dictionaries(cache):
    """(src, dst) -> {normalized headword: {normalized translation: weight}} over every installed
    dictionary between the languages above, each read in both directions."""
    path = os.path.join(cache, 'dictionaries.pkl')
    if os.path.exists(path):
        with open(path, 'rb') as f:
            return pickle.load(f)
    edges = collections.defaultdict(lambda: collections.defaultdict(dict))
    for fn in sorted(os.listdir(freedict.DICT_DIR)):
        m = re.match(r'freedict-(\w{3})-(\w{3})\.index$', fn)
        if not m or m.group(1) not in ISO1 or m.group(2) not in ISO1:
            continue
        a, b = ISO1[m.group(1)], ISO1[m.group(2)]
        for hw, trans in freedict.read_dict(f'{m.group(1)}-{m.group(2)}'):
            h = norm_phrase(hw)
            if not h:
                continue
            for i, t in enumerate(trans):
                t = norm_phrase(t)
                if t:
                    w = 1.0 / (1 + 0.3 * i)  # earlier senses are the common ones
                    edges[(a, b)][h][t] = max(edges[(a, b)][h].get(t, 0.0), w)
                    edges[(b, a)][t][h] = max(edges[(b, a)][t].get(h, 0.0), w)
    out = {k: {h: dict(v) for h, v in d.items()} for k, d in edges.items()}
    with open(path, 'wb') as f:
        pickle.dump(out, f, protocol=pickle.HIGHEST_PROTOCOL)
    return out


class Lexicon:
    """Foreign word -> {English word: weight}. Exact headword, else a headword with the same stem;
    directly or through each pivot language; a translation given by several dictionaries counts more."""

    def __init__(self, edges, lang, stem, english_words, stop, pivot_w=0.5, stem_w=0.6):
        self.stem, self.english, self.stop, self.stem_w = stem, english_words, stop, stem_w
        self.tables = []
        if (lang, 'en') in edges:
            self.tables.append((1.0, edges[(lang, 'en')], None))
        for p in PIVOTS:
            if p != lang and (lang, p) in edges and (p, 'en') in edges:
                self.tables.append((pivot_w, edges[(lang, p)], edges[(p, 'en')]))
        self.by_stem = []
        for _, table, _ in self.tables:
            idx = collections.defaultdict(list)
            for h in table:
                if ' ' not in h:
                    idx[stem(h)].append(h)
            self.by_stem.append(idx)
        self.headwords = set()
        for _, table, _ in self.tables:
            self.headwords.update(h for h in table if ' ' not in h)

    def _english(self, phrase):
        ws = phrase.split()
        if len(ws) > 3 or any(w not in self.english or w in JUNK for w in ws):
            return []
        return [w for w in ws if w not in self.stop]

    def translate_stem(self, stem):
        """Translations of every headword with this stem (for stem tokens: unseen inflected forms)."""
        out = collections.Counter()
        support = collections.defaultdict(set)
        for k, ((pw, table, pivot), idx) in enumerate(zip(self.tables, self.by_stem)):
            for h in idx.get(stem, []):
                for p, wt in table[h].items():
                    via = [(p, wt)] if pivot is None else [(e, wt * w2) for e, w2 in pivot.get(p, {}).items()]
                    for e, x in via:
                        content = self._english(e)
                        for w in content:
                            out[w] += pw * x / len(content)
                            support[w].add(k)
        return {w: v * len(support[w]) for w, v in out.items()}

    def direct_headwords(self):
        return set(h for h in self.tables[0][1] if ' ' not in h) if self.tables and self.tables[0][2] is None else set()

    def translate(self, word):
        """({english word: weight}, only_function_words): the second is true when every translation
        found is an English function word."""
        out = collections.Counter()
        support = collections.defaultdict(set)
        found_any = False
        for k, ((pw, table, pivot), idx) in enumerate(zip(self.tables, self.by_stem)):
            if word in table:
                heads, f = [word], 1.0
            elif len(word) >= 4 and idx.get(self.stem(word)):
                heads, f = idx[self.stem(word)], self.stem_w
            else:
                continue
            for h in heads:
                for p, wt in table[h].items():
                    via = [(p, wt)] if pivot is None else [(e, wt * w2) for e, w2 in pivot.get(p, {}).items()]
                    for e, x in via:
                        ws = e.split()
                        if len(ws) <= 3 and all(w in self.english for w in ws):
                            found_any = True
                        content = self._english(e)
                        for w in content:
                            out[w] += pw * f * x / len(content)
                            support[w].add(k)
        res = {w: v * len(support[w]) for w, v in out.items()}
        return res, (found_any and not res)
