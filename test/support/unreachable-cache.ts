import type { Cache } from '@marquee/domain';

/** A cache whose server cannot be reached: reads, writes and pings fail as a down Redis would. */
export const unreachableCache = (): Cache => ({
  get: () => Promise.reject(new Error('connection refused')),
  set: () => Promise.reject(new Error('connection refused')),
  delete: () => Promise.resolve(),
  ping: () => Promise.reject(new Error('connection refused')),
  close: () => Promise.resolve(),
});
