import type { Embedder } from '@marquee/domain';
import { progressBar } from './progress';

/** Calls of this many texts in flight together, as an indexer catching up issues them: every worker stays busy. */
const CALL_SIZE = 512;

/** Embeds passages with the given embedder (e.g. a TransformersEmbedder using every core), in input order. */
export const embedPassages = async (embedder: Embedder, texts: string[], label: string): Promise<Float32Array[]> => {
  const bar = progressBar(label, texts.length, 'texts');
  const calls: Promise<Float32Array[]>[] = [];
  for (let start = 0; start < texts.length; start += CALL_SIZE) {
    const slice = texts.slice(start, start + CALL_SIZE);
    calls.push(
      embedder.embed(slice, 'passage').then((vectors) => {
        bar.increment(slice.length);
        return vectors;
      }),
    );
  }
  try {
    return (await Promise.all(calls)).flat();
  } finally {
    bar.stop();
  }
};
