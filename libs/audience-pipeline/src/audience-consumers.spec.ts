import { AudienceAggregator, MemoryAudienceStore, type WeekUpdate } from '@marquee/audience';
import { audienceSettings, themeSettings, validateMarqueeConfig } from '@marquee/config';
import { Topics, userInteractionKey, type ThemeModel, type UserInteractionEvent } from '@marquee/domain';
import { InProcessEventBus } from '@marquee/event-bus';
import { eventually } from '../../../test/support/eventually';
import { silentLogger } from '../../../test/support/loggers';
import { teardownAfterAll } from '../../../test/support/teardown';
import { topicOf } from '../../../test/support/topic-interactions';
import { AudienceConsumers } from './audience-consumers';

const NOW = Date.UTC(2026, 11, 3, 12);
const DAY = 86_400_000;
const model: ThemeModel = {
  version: 1,
  computedAt: new Date(NOW).toISOString(),
  kChoice: 'configured',
  silhouette: 0,
  nextThemeNumber: 3,
  themes: ['theme-1', 'theme-2'].map((id) => ({ id, centroid: [1], size: 1, words: { en: [id] }, genres: [], topFilmIds: [] })),
  shares: { f1: [{ themeId: 'theme-1', share: 1 }], f2: [{ themeId: 'theme-2', share: 1 }] },
};

/** 600 interactions over three weeks, 40 users, two cities. */
const interactions: UserInteractionEvent[] = Array.from({ length: 600 }, (_, i) => ({
  interactionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: (['view', 'click', 'booking'] as const)[i % 3],
  filmId: i % 5 === 0 ? 'f2' : 'f1',
  userId: `user-${i % 40}`,
  occurredAt: new Date(NOW - (i % 21) * DAY).toISOString(),
  receivedAt: new Date(NOW).toISOString(),
  context: { city: i % 2 === 0 ? 'Gent' : 'Leuven' },
}));

/** Every week's counts and the distinct members of its all-places cell: what a rebuild must reproduce. */
const snapshot = async (store: MemoryAudienceStore) => {
  const weeks = await store.weeks();
  return Promise.all(
    weeks.map(async (week) => ({
      week,
      counts: Object.fromEntries(await store.weekCounts(week)),
      uniques: await store.uniques([[{ week, cell: '*|*' }]]),
    })),
  );
};

describe('AudienceConsumers', () => {
  const teardown = teardownAfterAll();

  it('a crash half-way through a flush neither loses nor double counts: the redelivered batches rebuild the same aggregates', async () => {
    const expected = new MemoryAudienceStore({ retentionWeeks: 52, clock: () => NOW });
    await new AudienceAggregator(expected, () => model).add(topicOf()(interactions));

    const store = new MemoryAudienceStore({ retentionWeeks: 52, clock: () => NOW });
    // The first flush dies after its first week is in: the other weeks are not, no offset is committed.
    let crashes = 1;
    const apply = store.apply.bind(store);
    store.apply = async (updates: readonly WeekUpdate[]) => {
      if (crashes > 0 && updates.length > 1) {
        crashes -= 1;
        await apply(updates.slice(0, 1));
        throw new Error('the worker died mid-flush');
      }
      return apply(updates);
    };
    const bus = teardown.track(
      'bus',
      new InProcessEventBus({ partitions: 4, maxBatchSize: 50, retryBackoff: { initialMs: 10, maxMs: 20 }, logger: silentLogger }),
      (b) => b.close(),
    );
    const config = validateMarqueeConfig({ AUDIENCE_PARTITIONS_IN_PARALLEL: '4', AUDIENCE_FLUSH_IDLE_MS: '5' });
    const consumers = new AudienceConsumers(
      { audience: audienceSettings(config), themes: themeSettings(config), worker: true },
      bus,
      new AudienceAggregator(store, () => model),
    );
    teardown.add('consumers', () => consumers.onModuleDestroy());
    await consumers.onModuleInit();
    await bus.publish(
      Topics.userInteractions,
      interactions.map((event) => ({ key: userInteractionKey(event), value: JSON.stringify(event) })),
    );

    const rebuilt = await snapshot(expected);
    await eventually(async () => expect(await snapshot(store)).toEqual(rebuilt), 20_000, 20);
    expect(crashes).toBe(0);
    // The week that was in before the crash was not applied again: its fences had moved past the redelivered offsets.
    expect(consumers.applied).toBeLessThan(interactions.length);
    expect(consumers.interactions.counters.deadLettered).toBe(0);
  });
});
