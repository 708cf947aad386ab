import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { filmIdOf, Topics, type IncomingMessage, type OutgoingMessage } from '@marquee/domain';
import { IndexerAppModule } from '@marquee/indexer-app';
import { FilmEventsConsumer } from '@marquee/indexing';
import type { KafkaEventBus } from '@marquee/kafka';
import { DeadLetterHeaders } from '@marquee/messaging';
import { eventually } from '../support/eventually';
import { filmStream } from '../support/film-history';
import { addedEvent, testFilm } from '../support/films';
import { FUZZ_ID_HEADER, fuzzedEvents, toFuzzMessage, type FuzzedMessage } from '../support/fuzzed-events';
import { expectIndexToMatch, ingestionEnv, startIngestionCluster, testBus, TEST_API_KEY, TopicRecorder } from '../support/ingestion';
import { seededRandom } from '@marquee/random';
import { interleave } from '../support/prng';
import { initApp, teardownAfterAll, type Teardown } from '../support/teardown';

/**
 * 1,000 fuzzed bad events interleaved with 1,000 valid ones (seeded, so every run sends the same):
 * every valid film indexed once at its newest version, every bad event in the dead-letter topic
 * with its original bytes and headers and a reason naming what is wrong, nothing else.
 */
const random = seededRandom(20_251_123);
const valid = filmStream(620, { seed: 11, prefix: 'fuzz-valid' }).slice(0, 1_000);
const bad = fuzzedEvents(random, valid, 1_000);
type Sent = { kind: 'valid'; message: OutgoingMessage } | { kind: 'bad'; fuzzed: FuzzedMessage };
const stream: Sent[] = interleave(random, [
  valid.map((event): Sent => ({ kind: 'valid', message: { key: filmIdOf(event), value: JSON.stringify(event) } })),
  bad.map((fuzzed): Sent => ({ kind: 'bad', fuzzed })),
]);

const startIndexerApp = (teardown: Teardown): Promise<NestFastifyApplication> =>
  initApp(teardown, 'indexer', () =>
    NestFactory.create<NestFastifyApplication>(IndexerAppModule.register(validateMarqueeConfig(process.env)), new FastifyAdapter(), {
      logger: false,
    }),
  );

/** A cluster of the test's own and a bus on it, stopped in `afterAll`. */
const startCluster = async (teardown: Teardown, name: string) => {
  const mock = teardown.track('mock cluster', await startIngestionCluster(), (m) => m.stop());
  const bus = teardown.track('test bus', testBus(mock.bootstrap, name), (b) => b.close());
  return { mock, bus };
};
const startRecorder = (teardown: Teardown, bus: KafkaEventBus, topic: string) =>
  TopicRecorder.start(bus, topic).then((recorder) => teardown.track(`${topic} recorder`, recorder, (r) => r.stop()));

const sha256 = (value: Buffer | null) =>
  createHash('sha256')
    .update(value ?? Buffer.alloc(0))
    .digest('hex');

describe('validation at ingestion: fuzzed events over Kafka (mock cluster, bundled model)', () => {
  const teardown = teardownAfterAll();
  let bus: KafkaEventBus;
  let indexer: NestFastifyApplication;
  let eventsIn: TopicRecorder;
  let indexIn: TopicRecorder;
  let deadLetters: TopicRecorder;
  const counters = () => indexer.get(FilmEventsConsumer).indexer.counters;

  beforeAll(async () => {
    const { mock, bus: started } = await startCluster(teardown, 'fuzz-test');
    bus = started;
    Object.assign(process.env, ingestionEnv(mock.bootstrap, { INDEXER_GROUP_ID: 'fuzz-indexer' }));
    // Consumer groups take ~3 s to form on the mock: the recorders and the indexer join together.
    [indexer, eventsIn, indexIn, deadLetters] = await Promise.all([
      startIndexerApp(teardown),
      ...[Topics.filmEvents, Topics.filmIndex, Topics.filmEventsDeadLetter].map((topic) => startRecorder(teardown, bus, topic)),
    ]);
  }, 60_000);

  it('indexes every valid film once at its newest version and dead-letters every bad event with a reason, nothing else', async () => {
    for (let start = 0; start < stream.length; start += 100) {
      const messages = stream.slice(start, start + 100).map((sent) => (sent.kind === 'valid' ? sent.message : toFuzzMessage(sent.fuzzed)));
      await bus.publish(Topics.filmEvents, messages);
    }
    await eventually(async () => expect(counters().consumed).toBe(stream.length), 60_000);
    await eventually(async () => expect(deadLetters.messages.length).toBeGreaterThanOrEqual(counters().deadLettered));

    expect(counters()).toMatchObject({ deadLettered: bad.length, retried: 0 });
    expect(deadLetters.messages).toHaveLength(bad.length);
    const positions = new Map(eventsIn.messages.map((m) => [m.headers[FUZZ_ID_HEADER], m]));
    const deadLetterOf = new Map(deadLetters.messages.map((m) => [m.headers[FUZZ_ID_HEADER], m]));
    const problems = bad.flatMap((fuzzed) => {
      const letter = deadLetterOf.get(fuzzed.id) as IncomingMessage | undefined;
      const source = positions.get(fuzzed.id) as IncomingMessage;
      if (!letter) return [`${fuzzed.id} (${fuzzed.mutation}) not dead-lettered`];
      const reason = letter.headers[DeadLetterHeaders.reason] ?? '';
      return [
        sha256(letter.value) === sha256(fuzzed.value) ? [] : [`${fuzzed.id}: value differs from the original bytes`],
        letter.key === (fuzzed.key ?? '') ? [] : [`${fuzzed.id}: key ${letter.key}, sent ${fuzzed.key}`],
        fuzzed.reason.test(reason) ? [] : [`${fuzzed.id} (${fuzzed.mutation}): reason "${reason}" does not match ${fuzzed.reason}`],
        letter.headers[DeadLetterHeaders.sourceTopic] === Topics.filmEvents ? [] : [`${fuzzed.id}: source topic`],
        letter.headers[DeadLetterHeaders.sourcePartition] === String(source.partition) &&
        letter.headers[DeadLetterHeaders.sourceOffset] === source.offset
          ? []
          : [`${fuzzed.id}: source position`],
        Number.isNaN(Date.parse(letter.headers[DeadLetterHeaders.failedAt] ?? '')) ? [`${fuzzed.id}: failure time`] : [],
      ].flat();
    });
    expect(problems).toEqual([]);
    expect(new Set(bad.map((f) => f.mutation)).size).toBeGreaterThanOrEqual(14);

    // The film-index reader is a consumer of its own: it may still be reading the last batches.
    await expectIndexToMatch(indexIn.messages, valid, 30_000);
    expect(indexIn.messages.filter((m) => m.key?.startsWith('bad-'))).toEqual([]);
  });
});

/**
 * A 10 MB event at both edges. The mock broker takes it, but keeps only ~5 MiB per partition: a
 * message appended after it evicts it (and the mock then mis-reports the next offset), so it is sent
 * to a cluster of its own, as the last message of its partition.
 */
describe('a 10 MB event (own mock cluster, bundled model)', () => {
  const teardown = teardownAfterAll();
  let bus: KafkaEventBus;
  let indexer: NestFastifyApplication;
  let deadLetters: TopicRecorder;

  beforeAll(async () => {
    const { mock, bus: started } = await startCluster(teardown, 'ten-megabytes-test');
    bus = started;
    Object.assign(process.env, ingestionEnv(mock.bootstrap, { INDEXER_GROUP_ID: 'ten-megabytes-indexer' }));
    [indexer, deadLetters] = await Promise.all([startIndexerApp(teardown), startRecorder(teardown, bus, Topics.filmEventsDeadLetter)]);
  }, 60_000);

  const tenMegabytes = (json: string) => Buffer.from(`${json}${' '.repeat(10 * 1024 * 1024 - Buffer.byteLength(json))}`);

  it('is dead-lettered whole over Kafka: refused by size, original bytes kept', async () => {
    const film = testFilm('ten-megabytes');
    const huge = tenMegabytes(JSON.stringify(addedEvent(film)));
    await bus.publish(Topics.filmEvents, [{ key: film.id, value: huge, headers: { [FUZZ_ID_HEADER]: 'ten-megabytes' } }]);
    await eventually(async () => expect(deadLetters.messages).toHaveLength(1));
    const [letter] = deadLetters.messages;
    expect(letter.headers).toMatchObject({
      [FUZZ_ID_HEADER]: 'ten-megabytes',
      [DeadLetterHeaders.reason]: `message is ${huge.length} bytes, the limit is 1000000 bytes (1 MB)`,
    });
    expect(sha256(letter.value)).toBe(sha256(huge));
    expect(indexer.get(FilmEventsConsumer).indexer.counters).toMatchObject({ consumed: 1, deadLettered: 1, indexed: 0 });
  });

  it('is refused at the HTTP edge with 413, and bad input with 400 naming the field', async () => {
    const api = await initApp(teardown, 'api', () => createApiApp(validateMarqueeConfig(process.env), { logs: false }));
    await api.getHttpAdapter().getInstance().ready();
    try {
      const post = (payload: string | Buffer) =>
        api.inject({ method: 'POST', url: '/events', headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' }, payload });
      const json = JSON.stringify(addedEvent(testFilm('http-edge')));
      expect((await post(tenMegabytes(json))).statusCode).toBe(413);
      expect((await post(json.replace('{', '{"__proto__":{"admin":true},'))).statusCode).toBe(400);
      const zone = await post(json.replace('"Europe/Brussels"', '"Mars/Olympus"'));
      expect(zone.statusCode).toBe(400);
      expect(zone.json().message).toMatch(/timeZone/);
    } finally {
      await api.close();
    }
  });
});
