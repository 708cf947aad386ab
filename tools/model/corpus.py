"""Unlabelled text per language, and how often each word is capitalised inside a sentence
(character names survive translation; capitalised words are kept as names, not translated)."""
import collections
import os
import re

import data
from textnorm_fast import normalize

# Dutch has no corpus in shared/data besides the seed pages. Its function words (no weight, and the
# language detector's evidence) and some frequent content words, most frequent first.
DUTCH_FUNCTION = '''de het een en van in op te dat die is zijn met voor niet aan er om ook als dan maar bij of uit nog
wel naar kan tot door over hij zij ze haar hun wordt worden werd was heeft hebben had deze dit geen meer al zo wat wie
waar hoe wanneer omdat na onder tussen tegen zonder sinds toen nu zich wij we jij je u ik mij me ons onze jouw hem hen
men iets niets alles iemand niemand elk elke ieder alle veel weinig andere ander eigen zelf eens steeds altijd nooit weer
heel zeer erg toch echter terwijl waarin waarop waarmee daar hier zal zullen zou zouden moet moeten kunnen kon konden wil
willen wilde mag mogen gaat gaan ging komt komen kwam maakt maken krijgt blijft lijkt staat den der des waarbij waardoor
binnen buiten later eerst samen tijdens'''.split()
DUTCH_COMMON = '''film verhaal leven jaar jaren twee drie nieuwe nieuw grote groot jonge jong oude oud vrouw man kinderen
familie wereld tijd dag eerste laatste'''.split()
DUTCH_FREQUENT = DUTCH_FUNCTION + DUTCH_COMMON


def corpora(exclude_dev_foreign=False):
    """lang -> list of texts. English: catalogue + monolingual + dev English sides; the seven pair
    languages: their monolingual files (+ the dev non-English sides unless excluded); Dutch: the seeds."""
    texts = collections.defaultdict(list)
    for f in data.catalog():
        texts['en'].append(f['overview'])
    for f in data.monolingual('en'):
        texts['en'].append(f['overview'])
    for lang in data.PAIR_LANGS:
        texts[lang].extend(f['overview'] for f in data.monolingual(lang) if f['overview'].strip())
    for p in data.dev_pairs():
        texts['en'].append(p['en'])
        if not exclude_dev_foreign:
            texts[p['lang']].append(p['fx'])
    seeds = data.seed_pages()
    nl, en = data.backstage()
    texts['nl'].extend([nl, seeds[2]])
    texts['en'].extend([en, seeds[1]])
    return texts


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_END = set('.!?:;"«»“”—–-(\n…')


def capitalisation(texts_by_lang):
    """language -> normalized word -> (times capitalised inside a sentence, times seen inside a sentence);
    language None: over all languages."""
    out = {}
    for lang, texts in list(texts_by_lang.items()) + [(None, [t for ts in texts_by_lang.values() for t in ts])]:
        out[lang] = _capitalisation(texts)
    return out


def _capitalisation(texts):
    cap, seen = collections.Counter(), collections.Counter()
    for t in texts:
        for m in _WORD.finditer(t):
            j = m.start() - 1
            while j >= 0 and t[j] == ' ':
                j -= 1
            if j < 0 or t[j] in _SENTENCE_END:
                continue
            w = normalize(m.group(0))
            seen[w] += 1
            if m.group(0)[0].isupper():
                cap[w] += 1
    return {w: (cap[w], n) for w, n in seen.items()}
