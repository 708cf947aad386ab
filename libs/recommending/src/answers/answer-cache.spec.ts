import { MemoryCache } from '@marquee/cache';
import { AnswerCache, answerBody, answerFrame } from './answer-cache';
import { optionsHash } from './query-key';
import { mockLogger } from '../../../../test/support/loggers';
import { unreachableCache } from '../../../../test/support/unreachable-cache';

const now = new Date('2026-03-20T12:00:00Z');
const logger = mockLogger();
const result = (minutesFromNow: number) => ({
  nextScreenings: [{ start: new Date(now.getTime() + minutesFromNow * 60_000).toISOString() }],
});

/** A memory cache that records the TTL of every write. */
class RecordingCache extends MemoryCache {
  readonly ttls: number[] = [];
  override async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.ttls.push(ttlSeconds);
    await super.set(key, value, ttlSeconds);
  }
}

describe('AnswerCache', () => {
  it('computes once for concurrent requests of one key, and counts the others as hits', async () => {
    const answers = new AnswerCache(new MemoryCache(), { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger });
    let computations = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = async () => {
      computations += 1;
      await gate;
      return [result(60)];
    };

    const pending = Array.from({ length: 10 }, () => answers.fetch('k', now, compute));
    release();
    const settled = await Promise.all(pending);

    expect(computations).toBe(1);
    expect(new Set(settled.map((a) => a.json)).size).toBe(1);
    expect(answers.stats).toMatchObject({ misses: 1, hits: 9, coalesced: 9 });
    expect(await answers.fetch('k', now, compute)).toMatchObject({ cached: true });
    expect(computations).toBe(1);
    expect(await answers.fetch('other', now, compute)).toMatchObject({ cached: false });
    expect(computations).toBe(2);
  });

  it('keeps recently served answers decoded within its byte budget, however many distinct large answers are served', async () => {
    const recentMaxBytes = 1024 * 1024;
    const answers = new AnswerCache(new MemoryCache({ maxBytes: 256 * 1024 * 1024 }), { ttlSeconds: 300, recentMaxBytes, logger });
    const large = (i: number) => [{ ...result(60), synopsis: `${i} ${'x'.repeat(50_000)}` }];
    for (let i = 0; i < 200; i++) {
      await answers.fetch(`k${i}`, now, () => large(i));
      expect((await answers.stored(`k${i}`, now))?.json).toBe(JSON.stringify(large(i)));
    }
    expect(answers.recentBytes()).toBeGreaterThan(0);
    expect(answers.recentBytes()).toBeLessThanOrEqual(recentMaxBytes);
  });

  it('lets the next request compute again after a failed computation', async () => {
    const answers = new AnswerCache(new MemoryCache(), { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger });
    await expect(answers.fetch('k', now, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await answers.fetch('k', now, () => [result(60)])).toEqual({ cached: false, json: JSON.stringify([result(60)]) });
  });

  it('expires an entry no later than the first screening it lists, and stores nothing about to start', async () => {
    const cache = new RecordingCache();
    const answers = new AnswerCache(cache, { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger });
    await answers.fetch('far', now, () => [result(600)]);
    await answers.fetch('near', now, () => [result(600), result(2)]);
    await answers.fetch('starting', now, () => [result(0.001)]);
    expect(cache.ttls).toEqual([300, 120]);
  });

  it('recomputes a stored answer that lists a screening that has started since', async () => {
    const answers = new AnswerCache(new MemoryCache(), { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger });
    await answers.fetch('k', now, () => [result(1)]);
    const later = new Date(now.getTime() + 90_000);
    expect(await answers.fetch('k', later, () => [result(60)])).toMatchObject({ cached: false });
  });

  it('serves a hit as the JSON text it stored, and a stored value it cannot read as a miss', async () => {
    const cache = new MemoryCache();
    const answers = new AnswerCache(cache, { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger });
    const first = await answers.fetch('k', now, () => [result(60)]);
    expect(await answers.fetch('k', now, () => [result(90)])).toEqual({ cached: true, json: first.json });
    await cache.set('old', JSON.stringify([result(60)]), 60);
    expect(await answers.fetch('old', now, () => [result(90)])).toEqual({ cached: false, json: JSON.stringify([result(90)]) });
  });

  it('reads a stored answer without computing, counting a hit only when there is one to serve', async () => {
    const cache = new MemoryCache();
    const answers = new AnswerCache(cache, { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger });
    expect(await answers.stored('k', now)).toBeUndefined();
    const computed = await answers.fetch('k', now, () => [result(1)]);
    expect(answers.stats).toMatchObject({ hits: 0, misses: 1 });
    for (let read = 0; read < 2; read++) {
      expect(await answers.stored('k', now)).toMatchObject({ cached: true, json: computed.json, utf8: Buffer.from(computed.json) });
    }
    expect(await answers.stored('k', new Date(now.getTime() + 90_000))).toBeUndefined();
    expect(answers.stats).toMatchObject({ hits: 2, misses: 1 });
  });

  it('reads the stored text anew once it changed, whatever it read before under that key', async () => {
    const cache = new MemoryCache();
    const answers = new AnswerCache(cache, { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger });
    await answers.fetch('k', now, () => [result(60)]);
    await answers.stored('k', now);
    const changed = JSON.stringify([result(30), { note: 'é ✓' }]);
    await cache.set('k', `${now.getTime() + 60_000} ${changed}`, 60);
    expect(await answers.stored('k', now)).toMatchObject({ json: changed, utf8: Buffer.from(changed, 'utf8') });
    await cache.delete(['k']);
    expect(await answers.stored('k', now)).toBeUndefined();
  });

  it('logs when the cache starts failing and when it works again, not on every call', async () => {
    const cache = new MemoryCache();
    let down = false;
    const flaky = {
      ...cache,
      get: (key: string) => (down ? Promise.reject(new Error('connection refused')) : cache.get(key)),
      set: (key: string, value: string, ttl: number) =>
        down ? Promise.reject(new Error('connection refused')) : cache.set(key, value, ttl),
    } as MemoryCache;
    const lines = mockLogger();
    const answers = new AnswerCache(flaky, { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger: lines });
    await answers.fetch('before', now, () => [result(60)]);
    down = true;
    for (let i = 0; i < 100; i++) expect(await answers.fetch(`during-${i}`, now, () => [result(60)])).toMatchObject({ cached: false });
    expect(answers.stats.errors).toBe(100);
    expect(lines.warn).toHaveBeenCalledTimes(1);
    expect(lines.warn.mock.calls[0][0]).toMatch(/^cache read failed, answering uncached until the cache works again.*connection refused/);
    down = false;
    for (let i = 0; i < 10; i++) await answers.fetch(`after-${i}`, now, () => [result(60)]);
    expect(lines.log).toHaveBeenCalledTimes(1);
    expect(lines.log).toHaveBeenCalledWith('the cache works again: answers are cached');
    expect(lines.warn).toHaveBeenCalledTimes(1);
  });

  it('answers uncached when the cache fails', async () => {
    const failing = unreachableCache();
    const answers = new AnswerCache(failing, { ttlSeconds: 300, recentMaxBytes: 1_048_576, logger });
    expect(await answers.fetch('k', now, () => [result(60)])).toMatchObject({ cached: false });
    expect(answers.stats.errors).toBe(1);
  });
});

describe('answerBody', () => {
  it('wraps the stored results in the answer without re-serialising them', () => {
    const body = answerBody({ eventId: 'a "quoted" id', recommendationId: 'r1' }, { json: '[{"id":"b"}]', cached: true });
    expect(JSON.parse(body)).toEqual({ eventId: 'a "quoted" id', recommendationId: 'r1', results: [{ id: 'b' }], cached: true });
    const { before, after } = answerFrame({ eventId: 'a "quoted" id', recommendationId: 'r1' }, { json: '[{"id":"b"}]', cached: true });
    expect(`${before}[{"id":"b"}]${after}`).toBe(body);
  });
});

describe('optionsHash', () => {
  it('depends on values, not on key order or undefined fields', () => {
    expect(optionsHash({ a: 1, b: [1, 2], c: undefined })).toBe(optionsHash({ b: [1, 2], a: 1 }));
    expect(optionsHash({ a: 1, b: [2, 1] })).not.toBe(optionsHash({ a: 1, b: [1, 2] }));
    expect(optionsHash({ filters: { cities: ['gent'] } })).not.toBe(optionsHash({ filters: { cities: ['antwerpen'] } }));
  });
});
