import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SearchPurpose } from '@marquee/domain';

/** Per purpose, the weights a query vector's dimensions get; a purpose not listed uses the vector as it is. */
export type QueryWeights = Partial<Record<SearchPurpose, Float32Array>>;

const PURPOSES = ['related', 'same-film'] as const satisfies readonly SearchPurpose[];

/**
 * What a model's config.json may say of its channels (`marquee.channels`, in order, from dimension 0)
 * and of how much each counts in a query per purpose (`marquee.query_weights`; an unnamed channel
 * counts 1). Only the query side is weighed: the indexed vectors stay as embedded, so one index
 * serves every purpose, and the weighting survives the query's re-normalisation.
 */
const marqueeSection = z.object({
  channels: z.array(z.object({ name: z.string().min(1), dims: z.number().int().positive() })).min(1),
  query_weights: z.partialRecord(z.enum(PURPOSES), z.record(z.string(), z.number().finite().nonnegative())).default({}),
});

/** The query weights a model's config declares, or none (a model without channels, e.g. a transformer). */
export const queryWeightsOf = (config: unknown, dimension: number): QueryWeights => {
  const section = (config as { marquee?: { channels?: unknown } } | null)?.marquee;
  if (!section?.channels) return {};
  const parsed = marqueeSection.safeParse(section);
  if (!parsed.success) throw new Error(`model config: marquee.channels / query_weights are malformed: ${parsed.error.message}`);
  const { channels, query_weights: byPurpose } = parsed.data;
  const total = channels.reduce((sum, channel) => sum + channel.dims, 0);
  if (total !== dimension) throw new Error(`model config: marquee.channels cover ${total} dimensions, the model has ${dimension}`);
  const weights: QueryWeights = {};
  for (const purpose of PURPOSES) {
    const named = byPurpose[purpose];
    if (!named) continue;
    const unknown = Object.keys(named).filter((name) => !channels.some((channel) => channel.name === name));
    if (unknown.length) throw new Error(`model config: query_weights.${purpose} names unknown channels ${unknown.join(', ')}`);
    if (channels.every((channel) => (named[channel.name] ?? 1) === 0))
      throw new Error(`model config: query_weights.${purpose} weighs every channel 0`);
    const vector = new Float32Array(dimension);
    let start = 0;
    for (const channel of channels) {
      vector.fill(named[channel.name] ?? 1, start, start + channel.dims);
      start += channel.dims;
    }
    if (vector.some((w) => w !== 1)) weights[purpose] = vector;
  }
  return weights;
};

/** `queryWeightsOf` the config.json of a local model directory (none for a hub model). */
export const readQueryWeights = (directory: string | undefined, dimension: number): QueryWeights => {
  const file = directory && join(directory, 'config.json');
  if (!file || !existsSync(file)) return {};
  return queryWeightsOf(JSON.parse(readFileSync(file, 'utf8')) as unknown, dimension);
};
