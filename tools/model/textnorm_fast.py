"""Fast (str.translate / regex) equivalent of textnorm.normalize + pretokenize."""
import re
import sys
import unicodedata

from textnorm import _JS_WS, _CONTROL_CATS, _is_chinese

_T1 = {}
_MN = {}
_PUNCT = []
for cp in range(sys.maxunicode + 1):
    ch = chr(cp)
    cat = unicodedata.category(ch)
    if cp == 0 or cp == 0xFFFD or (ch not in '\t\n\r' and cat in _CONTROL_CATS):
        _T1[cp] = None
    elif ch in _JS_WS:
        _T1[cp] = ' '
    elif cp < 0x10000 and _is_chinese(cp):
        _T1[cp] = ' ' + ch + ' '
    if cat == 'Mn':
        _MN[cp] = None
    if (0x21 <= cp <= 0x2F or 0x3A <= cp <= 0x40 or 0x5B <= cp <= 0x60 or 0x7B <= cp <= 0x7E
            or cat.startswith('P')):
        _PUNCT.append(cp)


def _cls(cps):
    parts = []
    for cp in cps:
        parts.append(re.escape(chr(cp)))
    return ''.join(parts)


_P = _cls(_PUNCT)
_RE = re.compile(f'[^ {_P}]+|[{_P}]')


def normalize(text):
    t = text.translate(_T1).lower()
    return unicodedata.normalize('NFD', t).translate(_MN)


def words_of(text):
    return _RE.findall(normalize(text))
