import type { Attempts } from './attempts';
import { isMessageRejection } from './message-rejection';
import { describeError } from './retry';

export interface Embedding<T> {
  vectors: Map<T, Float32Array>;
  /** Items whose text fails on its own, with why. */
  failed: { item: T; reason: string }[];
}

const halves = <T>(items: T[]): [T[], T[]] => {
  const middle = Math.ceil(items.length / 2);
  return [items.slice(0, middle), items.slice(middle)];
};

/**
 * Embeds the items' texts, trying again on failure. When the tries are spent the items are halved
 * until those failing on their own are found; such an item is blamed when the embedder still
 * embeds a control text (`embedderWorks`), otherwise the failure is the embedder's and is thrown.
 */
export const embedIsolating = async <T>(
  items: T[],
  embed: (items: T[]) => Promise<Float32Array[]>,
  embedderWorks: () => Promise<boolean>,
  attempts: Attempts,
  tries = attempts.tries,
): Promise<Embedding<T>> => {
  if (items.length === 0) return { vectors: new Map(), failed: [] };
  try {
    const vectors = await attempts.run('embedding', () => embed(items), tries);
    return { vectors: new Map(items.map((item, i) => [item, vectors[i]])), failed: [] };
  } catch (error) {
    if (attempts.stopped()) throw error;
    if (items.length === 1) {
      if (!(await embedderWorks())) throw error;
      return { vectors: new Map(), failed: [{ item: items[0], reason: `embedding failed after ${tries} tries: ${describeError(error)}` }] };
    }
    const outcome: Embedding<T> = { vectors: new Map(), failed: [] };
    for (const half of halves(items)) {
      // A half gets one try: only an item failing on its own gets the full count before the verdict.
      const part = await embedIsolating(half, embed, embedderWorks, attempts, half.length === 1 ? attempts.tries : 1);
      for (const [item, vector] of part.vectors) outcome.vectors.set(item, vector);
      outcome.failed.push(...part.failed);
    }
    return outcome;
  }
};

/**
 * Publishes the items, trying again on failure. Items the broker refuses for what they are are
 * narrowed down by halving and returned with the refusal; `onPublished` hears of every
 * acknowledged part. Any other failure (an outage) is thrown.
 */
export const publishIsolating = async <T>(
  what: string,
  items: T[],
  publish: (items: T[]) => Promise<void>,
  onPublished: (items: T[]) => void,
  attempts: Attempts,
): Promise<{ item: T; error: unknown }[]> => {
  if (items.length === 0) return [];
  try {
    await attempts.run(what, () => publish(items));
    onPublished(items);
    return [];
  } catch (error) {
    if (attempts.stopped() || !isMessageRejection(error)) throw error;
    if (items.length === 1) return [{ item: items[0], error }];
    const [first, second] = halves(items);
    const refused = await publishIsolating(what, first, publish, onPublished, attempts);
    return [...refused, ...(await publishIsolating(what, second, publish, onPublished, attempts))];
  }
};
