'use strict';
/**
 * Render worker thread: compiles the edition's MJML once, then renders the batches the pool sends
 * it (see render-pool.ts). Plain CommonJS, as worker threads do not inherit ts-node's hooks: from
 * the TypeScript sources it registers them itself; a compiled build has the .js next to it.
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (!existsSync(join(__dirname, 'render-worker-main.js'))) {
  require('ts-node').register({ transpileOnly: true });
  require('tsconfig-paths/register');
}
require('./render-worker-main');
