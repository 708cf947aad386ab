"""Shared-data loaders (../shared/data beside the repository, or MARQUEE_DATA)."""
import glob
import json
import os

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATA = os.environ.get('MARQUEE_DATA', os.path.join(REPO, '..', 'shared', 'data'))
PAIR_LANGS = ['fr', 'it', 'es', 'de', 'da', 'pl', 'pt']


def jl(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def catalog():
    return [f for f in jl(os.path.join(DATA, 'catalog', 'films_tmdb10k.jsonl')) if f['overview'].strip()]


def dev_pairs():
    out = []
    for d in jl(os.path.join(DATA, 'multilingual', 'synopses_dev.jsonl')):
        lang = [k for k in d['overviews'] if k != 'en'][0]
        out.append(dict(id=d['tmdbId'], lang=lang, en=d['overviews']['en'], fx=d['overviews'][lang]))
    return out


def monolingual(lang):
    p = os.path.join(DATA, 'multilingual', f'monolingual_{lang}.jsonl')
    return jl(p) if os.path.exists(p) else []


def seed_pages():
    return [open(p, encoding='utf-8').read() for p in sorted(glob.glob(os.path.join(DATA, 'seeds', '*.txt')))]


BACKSTAGE_PAGE = '000_48ef543ff888b348.txt'


def backstage():
    """(dutch, english) synopses of the Backstage seed page."""
    with open(os.path.join(DATA, 'seeds', BACKSTAGE_PAGE), encoding='utf-8') as f:
        paras = [p.strip() for p in f.read().split('\n\n') if p.strip()]
    return [p for p in paras if p.startswith('De film')][0], [p for p in paras if p.startswith('The film')][0]
