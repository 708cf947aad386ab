"""Python mirror of the tokenizer.json we ship (HF tokenizers / transformers.js semantics):
BertNormalizer(clean_text, handle_chinese_chars, lowercase, strip_accents) ->
BertPreTokenizer -> WordPiece("##", unk "[UNK]", max 100 chars per word).
Keep in sync with @huggingface/tokenizers (dist/tokenizers.cjs)."""
import unicodedata

# JS /\s/ (Unicode-aware) minus \ufeff which is Cf and removed earlier.
_JS_WS = set('\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000') | {chr(c) for c in range(0x2000, 0x200B)}
_CONTROL_CATS = {'Cc', 'Cf', 'Co', 'Cs'}


def _is_chinese(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def normalize(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        if ch not in '\t\n\r' and unicodedata.category(ch) in _CONTROL_CATS:
            continue
        if ch in _JS_WS:
            out.append(' ')
        elif _is_chinese(cp) if cp < 0x10000 else False:
            # transformers.js checks charCodeAt(0) of UTF-16 units; astral CJK is not spaced.
            out.append(' ' + ch + ' ')
        else:
            out.append(ch)
    t = ''.join(out).lower()
    t = unicodedata.normalize('NFD', t)
    return ''.join(c for c in t if unicodedata.category(c) != 'Mn')


def is_punct(ch):
    cp = ord(ch)
    if 0x21 <= cp <= 0x2F or 0x3A <= cp <= 0x40 or 0x5B <= cp <= 0x60 or 0x7B <= cp <= 0x7E:
        return True
    return unicodedata.category(ch).startswith('P')


def is_space(ch):
    return ch in _JS_WS or ch == '\ufeff'


def pretokenize(text):
    """text must already be normalized."""
    words, cur = [], []
    for ch in text:
        if is_space(ch):
            if cur:
                words.append(''.join(cur)); cur = []
        elif is_punct(ch):
            if cur:
                words.append(''.join(cur)); cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append(''.join(cur))
    return words


def words_of(text):
    return pretokenize(normalize(text))


class WordPiece:
    def __init__(self, vocab, unk='[UNK]', prefix='##', max_chars=100):
        self.vocab = vocab  # dict token -> id
        self.unk = unk
        self.prefix = prefix
        self.max_chars = max_chars
        self.cache = {}

    def split_word(self, w):
        r = self.cache.get(w)
        if r is not None:
            return r
        if len(w) > self.max_chars:
            r = [self.unk]
        else:
            r = []
            start = 0
            while start < len(w):
                end = len(w)
                cur = None
                while start < end:
                    s = w[start:end]
                    if start > 0:
                        s = self.prefix + s
                    if s in self.vocab:
                        cur = s
                        break
                    end -= 1
                if cur is None:
                    r = [self.unk]
                    break
                r.append(cur)
                start = end
        self.cache[w] = r
        return r

    def split_word_without(self, w):
        """How the word would be split if it were not itself in the vocabulary."""
        saved = self.vocab.pop(w, None)
        self.cache.pop(w, None)
        try:
            return self.split_word(w)
        finally:
            self.cache.pop(w, None)
            if saved is not None:
                self.vocab[w] = saved

    def tokenize(self, text):
        out = []
        for w in words_of(text):
            out.extend(self.split_word(w))
        return out

    def encode(self, text):
        v = self.vocab
        return [v[t] for t in self.tokenize(text)]
