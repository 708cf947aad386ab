"""Corpus loading for the Marquee embedding model."""
import glob
import json
import os

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATA = os.environ.get('MARQUEE_DATA', os.path.join(REPO, '..', 'shared', 'data'))
LANGS = ['fr', 'it', 'es', 'de', 'da', 'pl', 'pt']


def jl(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(l) for l in f if l.strip()]


def catalog():
    return jl(os.path.join(DATA, 'catalog', 'films_tmdb10k.jsonl'))


def dev_pairs():
    out = []
    for d in jl(os.path.join(DATA, 'multilingual', 'synopses_dev.jsonl')):
        lang = [k for k in d['overviews'] if k != 'en'][0]
        out.append(dict(id=d['tmdbId'], lang=lang, en=d['overviews']['en'], fx=d['overviews'][lang],
                        en_title=d['titles'].get('en', ''), fx_title=d['titles'].get(lang, ''),
                        enSource=d['enSource']))
    return out


def monolingual(lang):
    p = os.path.join(DATA, 'multilingual', f'monolingual_{lang}.jsonl')
    return jl(p) if os.path.exists(p) else []


def backstage():
    """(dutch, english) synopses from the seed page."""
    txt = open(os.path.join(DATA, 'seeds', '000_48ef543ff888b348.txt'), encoding='utf-8').read()
    paras = [p.strip() for p in txt.split('\n\n') if p.strip()]
    nl = [p for p in paras if p.startswith('De film')][0]
    en = [p for p in paras if p.startswith('The film')][0]
    return nl, en


def seed_texts():
    return [open(p, encoding='utf-8').read() for p in sorted(glob.glob(os.path.join(DATA, 'seeds', '*.txt')))]
