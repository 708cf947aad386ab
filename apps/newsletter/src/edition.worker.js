'use strict';
/**
 * Edition worker thread: builds the edition's planner over the films of its window, then plans and
 * renders the batches the pool sends it (see edition-pool.ts). Plain CommonJS, as worker threads do
 * not inherit ts-node's hooks: from the TypeScript sources it registers them itself; a compiled
 * build has the .js next to it.
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (!existsSync(join(__dirname, 'edition-worker-main.js'))) {
  require('ts-node').register({ transpileOnly: true });
  require('tsconfig-paths/register');
}
require('./edition-worker-main');
