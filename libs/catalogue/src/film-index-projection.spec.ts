import type { Batch, IncomingMessage } from '@marquee/domain';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { mockLogger } from '../../../test/support/loggers';
import { FilmCatalogue } from './film-catalogue';
import { FilmIndexProjection } from './film-index-projection';

const message = (offset: number, key: string | null, value: string): IncomingMessage => ({
  topic: 'film-index',
  partition: 0,
  offset: String(offset),
  key,
  value: Buffer.from(value),
  headers: {},
  timestamp: '0',
});

describe('FilmIndexProjection', () => {
  it('skips what it cannot apply, logging the key as it is: absent, or quoted', async () => {
    const logger = mockLogger();
    const projection = new FilmIndexProjection(new FilmCatalogue(new BruteForceVectorIndex({ dimension: 3 })), 'test-model', logger);
    const batch: Batch = {
      topic: 'film-index',
      partition: 0,
      messages: [message(0, null, '{}'), message(1, 'null', '{')],
      highWatermark: '2',
    };
    await projection.handleBatch(batch);
    expect(logger.warn.mock.calls.map(([line]) => line)).toEqual([
      'film-index 0@0 (no key) skipped: message without key',
      expect.stringMatching(/^film-index 0@1 \(key "null"\) skipped: /),
    ]);
  });
});
