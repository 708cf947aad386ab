import type { CollaborativeSignal } from '@marquee/domain';

/** The collaborative signal of a process that hosts none: no scores, no neighbours, no history. */
export const NO_COLLABORATIVE_SIGNAL: CollaborativeSignal = {
  scoresFor: () => [],
  neighboursOf: () => [],
  historyOf: async () => [],
  popularityAt: () => new Map(),
  popularAt: () => [],
  version: 0,
};
