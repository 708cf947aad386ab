import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryWeightsOf, readQueryWeights } from './query-weighting';

const channels = [
  { name: 'identity', dims: 3 },
  { name: 'topical', dims: 2 },
];
const config = (marquee: object) => ({ model_type: 'bert', marquee });

describe('queryWeightsOf', () => {
  it('spreads each channel weight over its dimensions, in order, unnamed channels counting 1', () => {
    const weights = queryWeightsOf(config({ channels, query_weights: { related: { topical: 3 } } }), 5);
    expect(Array.from(weights.related ?? [])).toEqual([1, 1, 1, 3, 3]);
    expect(weights['same-film']).toBeUndefined();
  });

  it('gives no weights where every channel counts 1, and none for a model without channels', () => {
    expect(queryWeightsOf(config({ channels, query_weights: { 'same-film': { identity: 1 } } }), 5)).toEqual({});
    expect(queryWeightsOf(config({ channels }), 5)).toEqual({});
    expect(queryWeightsOf({ model_type: 'bert' }, 384)).toEqual({});
  });

  it('refuses channels that do not cover the model, unknown channel names, negative or all-zero weights', () => {
    expect(() => queryWeightsOf(config({ channels }), 6)).toThrow(/cover 5 dimensions, the model has 6/);
    expect(() => queryWeightsOf(config({ channels, query_weights: { related: { topic: 2 } } }), 5)).toThrow(/unknown channels topic/);
    expect(() => queryWeightsOf(config({ channels, query_weights: { related: { topical: -1 } } }), 5)).toThrow(/malformed/);
    expect(() => queryWeightsOf(config({ channels, query_weights: { related: { identity: 0, topical: 0 } } }), 5)).toThrow(
      /weighs every channel 0/,
    );
  });
});

describe('readQueryWeights', () => {
  it("reads a local model's config.json; a hub model (no directory) has none", () => {
    const directory = mkdtempSync(join(tmpdir(), 'marquee-weights-'));
    try {
      writeFileSync(join(directory, 'config.json'), JSON.stringify(config({ channels, query_weights: { related: { identity: 0.5 } } })));
      expect(Array.from(readQueryWeights(directory, 5).related ?? [])).toEqual([0.5, 0.5, 0.5, 1, 1]);
      expect(readQueryWeights(undefined, 5)).toEqual({});
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
