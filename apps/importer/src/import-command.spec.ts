import { Writable } from 'node:stream';
import { resolve } from 'node:path';
import { Topics, UserInteractionEventSchema, type IncomingMessage, type UserInteractionEvent } from '@marquee/domain';
import { InProcessEventBus } from '@marquee/event-bus';
import { eventually } from '../../../test/support/eventually';
import { describeReport, parseImportArguments, runImport, type ImportArguments } from './import-command';

const FIXTURES = resolve(__dirname, '../../../test/fixtures');
const ratings = resolve(FIXTURES, 'movielens/ratings.csv');
const links = resolve(FIXTURES, 'movielens/links.csv');
const jsonl = resolve(FIXTURES, 'interactions.jsonl');
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

/** Imports into a fresh in-process bus and reads back what reached `user-interactions`. */
const importFile = async (args: ImportArguments, expected: number) => {
  const bus = new InProcessEventBus();
  const received: IncomingMessage[] = [];
  try {
    const report = await runImport(args, bus, quiet);
    const subscription = await bus.subscribe({
      topic: Topics.userInteractions,
      groupId: 'import-test',
      fromBeginning: true,
      handleBatch: async (batch) => void received.push(...batch.messages),
    });
    await eventually(async () => expect(received).toHaveLength(expected), 5_000, 20);
    await subscription.stop();
    // Partitions are by user: one user's interactions keep the file's order, users come in any order.
    const events = received
      .map((m) => ({ key: m.key as string, event: UserInteractionEventSchema.parse(JSON.parse(String(m.value))) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { report, events };
  } finally {
    await bus.close();
  }
};

describe('interactions:import', () => {
  it('publishes MovieLens ratings as rating interactions of the linked films, and counts each refused row by reason', async () => {
    const { report, events } = await importFile({ file: ratings, links, format: 'movielens', batchSize: 2 }, 5);

    expect(report).toMatchObject({ read: 9, published: 5, refused: 4 });
    expect(report.reasons.map((r) => [r.reason, r.lines, r.firstLine])).toEqual([
      ['movieId 999999 has no tmdbId in the links file', 1, 6],
      [expect.stringContaining('half stars'), 1, 7],
      ['rating must be a number, got "not-a-rating"', 1, 8],
      ['expected 4 fields (userId,movieId,rating,timestamp), got 1', 1, 9],
    ]);
    expect(events.map(({ key, event }) => [key, event.type, 'filmId' in event && event.filmId])).toEqual([
      ['1', 'rating', 'tmdb-862'],
      ['1', 'rating', 'tmdb-15602'],
      ['2', 'rating', 'tmdb-862'],
      ['2', 'rating', 'tmdb-949'],
      ['4', 'rating', 'tmdb-949'],
    ]);
    const first = events[0].event as Extract<UserInteractionEvent, { type: 'rating' }>;
    expect(first).toMatchObject({ userId: '1', rating: 4, occurredAt: '2000-07-30T18:45:03.000Z', context: { source: 'import' } });
    expect(describeReport(report)).toContain('5 interactions published, 4 refused');
  });

  it('gives the same interaction ids when a file is imported again, so consumers drop the second copy', async () => {
    const once = await importFile({ file: ratings, links, format: 'movielens', batchSize: 500 }, 5);
    const twice = await importFile({ file: ratings, links, format: 'movielens', batchSize: 500 }, 5);

    const ids = once.events.map((e) => e.event.interactionId);
    expect(new Set(ids).size).toBe(5);
    expect(twice.events.map((e) => e.event.interactionId)).toEqual(ids);
  });

  it('names films by MovieLens id without a links file', async () => {
    const { events } = await importFile({ file: ratings, format: 'movielens', batchSize: 500 }, 6);
    expect(events.map(({ event }) => 'filmId' in event && event.filmId)).toContain('movielens-999999');
  });

  it('takes JSONL interactions as POST /interactions does, old shapes included, and refuses the rest with reasons', async () => {
    const { report, events } = await importFile({ file: jsonl, format: 'jsonl', batchSize: 500 }, 4);

    expect(report).toMatchObject({ read: 7, published: 4, refused: 3 });
    expect(report.reasons.map((r) => r.firstLine)).toEqual([5, 6, 7]);
    expect(report.reasons[2].reason).toBe('not JSON');
    expect(events.map(({ key, event }) => [key, event.type])).toEqual([
      ['ana', 'booking'],
      ['ana', 'like'],
      ['ana', 'preferences'],
      ['bo', 'booking'],
    ]);
    expect(events[3].event).toMatchObject({ filmId: 'tmdb-862', recommendationId: '0b6e8a52-2d8f-4a51-9a37-1f1e0f3c9a11' });
    expect(events[0].event.occurredAt).toBe('2026-01-10T20:00:00Z');
  });

  it('reads its command line, and says what is wrong with one', () => {
    expect(parseImportArguments(['ratings.csv', '--links', 'links.csv'])).toEqual({
      file: 'ratings.csv',
      links: 'links.csv',
      format: 'movielens',
      batchSize: 500,
    });
    expect(parseImportArguments(['history.jsonl'])).toMatchObject({ format: 'jsonl' });
    expect(parseImportArguments([])).toEqual({ error: 'name exactly one file to import' });
    expect(parseImportArguments(['a.csv', '--batch', '0'])).toMatchObject({ error: expect.stringContaining('--batch') });
    expect(parseImportArguments(['a.jsonl', '--links', 'l.csv'])).toMatchObject({ error: expect.stringContaining('MovieLens') });
    expect(parseImportArguments(['a.csv', '--colour', 'red'])).toEqual({ error: 'unknown option --colour' });
  });
});
