import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retrySettings, validateMarqueeConfig } from '@marquee/config';
import { Topics, type NewsletterMessage } from '@marquee/domain';
import { InProcessEventBus } from '@marquee/event-bus';
import { editionLedgerFor, editionTools, FileNewsletterSink, NewsletterErasureConsumer, type EditionLedger } from '@marquee/newsletter';
import { recommendingSettings } from '@marquee/config';
import Redis from 'ioredis';
import { eventually } from '../support/eventually';
import {
  CHILD_EDITION,
  EDITION_NOW,
  editionFixtureCatalogue,
  newsletterConfig,
  newsletterTestSettings,
  subscriber,
} from '../support/newsletter';

/**
 * Erasure reaches newsletters: a `user-erasures` event removes the user's ledger entries in every
 * edition and every file written for them, and nobody else's, with the Redis ledger and with the file ledger.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const newslettersFor = async (userIds: string[], edition: string): Promise<NewsletterMessage[]> => {
  const catalogue = editionFixtureCatalogue(60);
  const spec = { ...CHILD_EDITION, edition };
  const tools = await editionTools(catalogue, recommendingSettings(newsletterConfig), spec, newsletterTestSettings, EDITION_NOW);
  return userIds.map((userId) => {
    const plan = tools.planner.plan(
      subscriber(userId, { liked: ['film-1'], preferences: { newsletter: true, city: 'Gent', languages: ['nl', 'en', 'fr'] } }),
    );
    if (plan.kind !== 'newsletter') throw new Error(`${userId}: ${plan.reason}`);
    return tools.renderer.render(plan.newsletter, plan.language);
  });
};

describe.each(['redis', 'file'] as const)('newsletter erasure (%s ledger)', (kind) => {
  let out: string;
  let bus: InProcessEventBus;
  let consumer: NewsletterErasureConsumer;
  let ledger: EditionLedger;
  const keyPrefix = `test:newsletter-erasure:${randomUUID()}:`;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'newsletter-erasure-'));
    bus = new InProcessEventBus();
    const stores = { outDirectory: out, redis: kind === 'redis' ? { url: REDIS_URL, keyPrefix } : undefined };
    ledger = editionLedgerFor(stores);
    consumer = new NewsletterErasureConsumer(
      {
        ...stores,
        groupId: `newsletter-erasure-${randomUUID()}`,
        retry: retrySettings(validateMarqueeConfig({})),
        publishesToTopic: false,
      },
      bus,
    );
    await consumer.onModuleInit();
  });

  afterAll(async () => {
    await consumer.onModuleDestroy();
    await ledger.close();
    await rm(out, { recursive: true, force: true });
    if (kind === 'redis') {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it("removes the user's ledger entries and files of every edition, and nobody else's", async () => {
    const sink = new FileNewsletterSink(out);
    for (const edition of ['2026-W50', '2026-W52']) {
      const written = await newslettersFor(['erased-user', 'kept-user'], edition);
      await sink.write(written);
      await ledger.record(
        edition,
        written.map((n) => ({ userId: n.userId, contentHash: n.contentHash })),
      );
    }
    const erasure = { erasureId: randomUUID(), userId: 'erased-user', requestedAt: new Date().toISOString() };
    await bus.publish(Topics.userErasures, [{ key: 'erased-user', value: JSON.stringify(erasure) }]);

    // A fresh ledger over the same storage, as the next CLI run would open.
    const reopened = editionLedgerFor({ outDirectory: out, redis: kind === 'redis' ? { url: REDIS_URL, keyPrefix } : undefined });
    try {
      await eventually(async () => {
        for (const edition of ['2026-W50', '2026-W52']) {
          expect((await readdir(join(out, edition))).sort()).toEqual(['kept-user.html', 'kept-user.json', 'kept-user.txt']);
          expect([...(await reopened.done(edition, ['erased-user', 'kept-user'])).keys()]).toEqual(['kept-user']);
        }
      }, 10_000);
    } finally {
      await reopened.close();
    }
    expect(consumer.consumer.counters.deadLettered).toBe(0);
  });
});
