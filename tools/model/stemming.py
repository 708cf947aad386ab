"""Snowball stemmers (Debian python3-snowballstemmer); Polish and Arabic-less fallbacks."""
import snowballstemmer

SNOWBALL = {'en': 'english', 'fr': 'french', 'de': 'german', 'es': 'spanish', 'it': 'italian', 'nl': 'dutch',
            'da': 'danish', 'pt': 'portuguese', 'ar': 'arabic', 'sv': 'swedish', 'fi': 'finnish'}


class Stemmer:
    def __init__(self, lang):
        self.s = snowballstemmer.stemmer(SNOWBALL[lang]) if lang in SNOWBALL else None
        self.cache = {}

    def __call__(self, w):
        r = self.cache.get(w)
        if r is None:
            if self.s is not None:
                r = self.s.stemWord(w)
            else:  # Polish: no Snowball stemmer; drop a short inflection ending
                r = w[:max(4, len(w) - 2)] if len(w) > 5 else w
            self.cache[w] = r
        return r


EN_STEM = Stemmer('en')
EN_STOP = set('''a an the to of in on at by for from with and or but as is are was were be been being it its this that
these those he she they them his her their him we you i me my our your not no so than then there here who whom which what
when where why how into onto upon about over under up down out off one ones some any all each every such very can could
will would shall should may might must do does did done have has had having just also only own same too s t someth
somebodi someon sth sb oneself someone something somebody anyone anything'''.split())
EN_STOP |= {EN_STEM(w) for w in list(EN_STOP)}
