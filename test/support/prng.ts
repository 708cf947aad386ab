/** Merges lists into one at random, keeping each list's own order (the order of a film's events). */
export const interleave = <T>(random: () => number, lists: T[][]): T[] => {
  const queues = lists.filter((list) => list.length).map((list) => [...list]);
  const merged: T[] = [];
  while (queues.length) {
    const i = Math.floor(random() * queues.length);
    merged.push(queues[i].shift() as T);
    if (queues[i].length === 0) queues.splice(i, 1);
  }
  return merged;
};
