import type { TransformersEmbedder } from '@marquee/embedder';
import { progressBar } from './progress';

/**
 * Texts/s of an embedder after one warm-up call per thread, with calls of 512 in flight together,
 * as an indexer catching up issues them.
 */
export const measureEmbedderThroughput = async (
  embedder: TransformersEmbedder,
  texts: string[],
  label: string,
  batch: number,
  onStart: () => void = () => undefined,
): Promise<number> => {
  await embedder.embed(texts.slice(0, batch * embedder.threads), 'passage');
  onStart();
  const bar = progressBar(label, texts.length, 'texts');
  const started = performance.now();
  const calls: Promise<unknown>[] = [];
  for (let start = 0; start < texts.length; start += 512) {
    const slice = texts.slice(start, start + 512);
    calls.push(embedder.embed(slice, 'passage').then(() => bar.increment(slice.length)));
  }
  await Promise.all(calls);
  const seconds = (performance.now() - started) / 1000;
  bar.stop();
  return texts.length / seconds;
};
