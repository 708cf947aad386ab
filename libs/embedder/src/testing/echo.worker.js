'use strict';
/**
 * Test double for worker-pool.spec.ts: answers `{ value }` with the value, `{ fail }` with an
 * error, `{ crash }` by exiting, `{ wait }` after a delay; fails to start when told to.
 */
const { parentPort, workerData, threadId } = require('node:worker_threads');

if (workerData && workerData.failToStart) {
  parentPort.postMessage({ type: 'failed', error: 'cannot load the model' });
} else {
  parentPort.on('message', ({ id, payload }) => {
    if (payload.crash) process.exit(3);
    const reply = () =>
      payload.fail
        ? parentPort.postMessage({ id, ok: false, error: payload.fail })
        : parentPort.postMessage({ id, ok: true, result: { value: payload.value, threadId } });
    if (payload.wait) setTimeout(reply, payload.wait);
    else reply();
  });
  parentPort.postMessage({ type: 'ready', info: { threadId } });
}
