"""Parse the Debian freedict dictionaries (dictd format: .index + .dict.dz).

Returns, per language, a mapping foreign_word -> list of (english_phrase, weight).
Both directions are used: xxx-eng (headword foreign) and eng-xxx (reversed).
"""
import base64
import gzip
import os
import re

DICT_DIR = '/usr/share/dictd'
LANGS = {'fr': 'fra', 'de': 'deu', 'es': 'spa', 'it': 'ita', 'nl': 'nld', 'da': 'dan',
         'pl': 'pol', 'pt': 'por', 'ar': 'ara'}

_B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'


def _b64num(s):
    n = 0
    for c in s:
        n = n * 64 + _B64.index(c)
    return n


_ANNOT = re.compile(r'\[[^\]]*\]|<[^>]*>|\([^)]*\)|/[^/]*/|\{[^}]*\}')


def _clean_phrase(p):
    p = _ANNOT.sub(' ', p)
    p = p.replace('"', ' ').strip(' .;:!?-\u2010')
    p = re.sub(r'\s+', ' ', p)
    return p


def read_dict(name):
    """Yield (headword, [translation phrases]) for one dictionary."""
    idx = os.path.join(DICT_DIR, f'freedict-{name}.index')
    dz = os.path.join(DICT_DIR, f'freedict-{name}.dict.dz')
    if not os.path.exists(idx):
        return
    with gzip.open(dz, 'rb') as f:
        data = f.read()
    with open(idx, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if len(parts) < 3 or parts[0].startswith('00database') or parts[0].startswith('00-database'):
                continue
            off, ln = _b64num(parts[1]), _b64num(parts[2])
            text = data[off:off + ln].decode('utf-8', 'replace')
            lines = text.split('\n')
            head = lines[0]
            hw = re.split(r' /| <', head)[0].strip()
            trans = []
            for l in lines[1:]:
                if not l.strip():
                    continue
                s = l.strip()
                if l.startswith('         ') or l.startswith('      "') or s.startswith(('Note:', 'Synonym:', 'see:', 'Antonym:', 'Example:', '"')):
                    continue
                if s.startswith('(') and name.startswith('pol'):
                    continue  # Polish-language glosses in pol-eng
                s = re.sub(r'^\d+\.\s*', '', s)
                for p in re.split(r'[,;]', s):
                    p = _clean_phrase(p)
                    p = re.sub(r'\s\d+\.$', '', p)
                    if p and len(p) < 60:
                        trans.append(p)
            if hw and trans:
                yield hw, trans


def load_translations(lang):
    """foreign headword (raw) -> {english phrase: weight}."""
    code = LANGS[lang]
    out = {}
    for hw, trans in read_dict(f'{code}-eng'):
        d = out.setdefault(hw, {})
        for i, t in enumerate(trans):
            d[t] = d.get(t, 0.0) + 1.0 / (1 + 0.3 * i)
    for hw, trans in read_dict(f'eng-{code}'):
        for i, t in enumerate(trans):
            d = out.setdefault(t, {})
            d[hw] = d.get(hw, 0.0) + 1.0 / (1 + 0.3 * i)
    return out


if __name__ == '__main__':
    import sys, time
    for lang in sys.argv[1:] or LANGS:
        t = time.time()
        tr = load_translations(lang)
        ks = list(tr)[:3] + list(tr)[len(tr) // 2:len(tr) // 2 + 3]
        print(lang, len(tr), round(time.time() - t, 1), [(k, list(tr[k].items())[:4]) for k in ks])
