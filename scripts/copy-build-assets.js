// tsc compiles only .ts: the worker script, the static pages and the demo data travel to dist/ here.
const { cpSync } = require('node:fs');

for (const [from, to] of [
  ['apps/api/public', 'dist/apps/api/public'],
  ['libs/embedder/src/embedding.worker.js', 'dist/libs/embedder/src/embedding.worker.js'],
  ['libs/embedder/src/static-graph.js', 'dist/libs/embedder/src/static-graph.js'],
  ['libs/embedder/src/chunk-encoding.js', 'dist/libs/embedder/src/chunk-encoding.js'],
  ['apps/newsletter/src/edition.worker.js', 'dist/apps/newsletter/src/edition.worker.js'],
]) {
  cpSync(from, to, { recursive: true });
}
