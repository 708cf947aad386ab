"""Cheap cognate guesser: foreign word -> English corpus words via suffix rewrite rules
(accent-stripped forms; Romance/Germanic -> English). Used only for words with no dictionary entry."""

RULES = [
    ('iteit', 'ity'), ('grafie', 'graphy'), ('grafia', 'graphy'), ('afie', 'aphy'), ('afia', 'aphy'),
    ('ique', 'ical'), ('ico', 'ical'), ('ica', 'ical'), ('isch', 'ical'), ('uale', 'ual'), ('uel', 'ual'), ('uell', 'ual'),
    ('ie', 'ion'), ('ette', 'et'), ('etta', 'et'), ('ieux', 'ious'), ('ioso', 'ious'), ('iosa', 'ious'),
    # (foreign suffix, english suffix)
    ('zioni', 'tions'), ('zione', 'tion'), ('ciones', 'tions'), ('cion', 'tion'), ('coes', 'tions'), ('cao', 'tion'),
    ('sione', 'sion'), ('sion', 'sion'), ('tionen', 'tions'), ('tion', 'tion'),
    ('ita', 'ity'), ('idad', 'ity'), ('idade', 'ity'), ('ite', 'ity'), ('itat', 'ity'), ('itet', 'ity'), ('dad', 'ty'), ('dade', 'ty'),
    ('ismo', 'ism'), ('isme', 'ism'), ('ismus', 'ism'), ('isti', 'ists'), ('ista', 'ist'), ('iste', 'ist'), ('isten', 'ists'),
    ('mente', 'ly'), ('ment', 'ment'),
    ('osa', 'ous'), ('oso', 'ous'), ('osi', 'ous'), ('euse', 'ous'), ('eux', 'ous'),
    ('ica', 'ic'), ('ico', 'ic'), ('ici', 'ic'), ('ique', 'ic'), ('isch', 'ic'), ('ische', 'ic'), ('isk', 'ic'), ('iske', 'ic'),
    ('iche', 'ic'), ('ichi', 'ic'),
    ('ale', 'al'), ('ali', 'al'), ('elle', 'al'), ('el', 'al'), ('ell', 'al'),
    ('ante', 'ant'), ('anti', 'ants'), ('ente', 'ent'), ('enti', 'ents'),
    ('ario', 'ary'), ('aria', 'ary'), ('aire', 'ary'), ('ar', 'ary'),
    ('ia', 'y'), ('ie', 'y'), ('io', 'y'),
    ('ivo', 'ive'), ('iva', 'ive'), ('if', 'ive'), ('ive', 'ive'),
    ('ore', 'or'), ('eur', 'or'), ('ori', 'ors'), ('or', 'or'),
    ('are', 'ate'), ('ato', 'ated'), ('ata', 'ated'), ('ado', 'ated'), ('ada', 'ated'), ('ieren', 'ate'), ('iert', 'ated'),
    ('os', 's'), ('as', 's'), ('es', 's'), ('i', 's'), ('e', 's'), ('en', 's'), ('er', 's'),
    ('o', ''), ('a', ''), ('e', ''), ('i', ''), ('en', ''), ('er', ''), ('s', ''),
    ('o', 'e'), ('a', 'e'), ('i', 'e'), ('e', 'e'),
    ('k', 'c'), ('ph', 'f'),
]


MIN_SUFFIX = 3


def guesses(f, en_vocab, min_len=5):
    """English words (present in en_vocab) that look like cognates of foreign word f."""
    out = []
    if len(f) < min_len or not f.isalpha():
        return out
    for fs, es in RULES:
        if len(fs) < MIN_SUFFIX:
            continue
        if f.endswith(fs) and len(f) - len(fs) >= 3:
            e = f[:len(f) - len(fs)] + es
            if e != f and e in en_vocab and len(e) >= 4:
                out.append(e)
    # simple k->c / ph->f / y->i substitutions on the whole stem
    for a, b in (('k', 'c'), ('f', 'ph'), ('i', 'y'), ('z', 'c'), ('tt', 'ct'), ('ttu', 'ctu')):
        if a in f:
            e = f.replace(a, b)
            if e in en_vocab:
                out.append(e)
    seen = []
    for e in out:
        if e not in seen:
            seen.append(e)
    return seen[:3]
