import { randomUUID } from 'node:crypto';
import { collaborativeSettings, validateMarqueeConfig } from '@marquee/config';
import { Topics, type IncomingMessage, type UserInteractionEvent } from '@marquee/domain';
import { InProcessEventBus } from '@marquee/event-bus';
import { eventually } from '../../../test/support/eventually';
import { CollaborativeModel } from './collaborative-model.service';
import { CollaborativeRunner } from './collaborative.consumer';
import { MemoryCollaborativeStore } from './memory-collaborative-store';

const settings = collaborativeSettings(validateMarqueeConfig({}));
const options = { ...settings, refreshIntervalMs: 0, retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 }, learns: true };

const interaction = (userId: string, filmId: string, type: 'booking' | 'like', day: number): UserInteractionEvent => ({
  type,
  userId,
  filmId,
  interactionId: randomUUID(),
  occurredAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
  receivedAt: new Date(Date.UTC(2026, 0, day)).toISOString(),
});

describe('CollaborativeRunner', () => {
  let bus: InProcessEventBus;
  let store: MemoryCollaborativeStore;
  let runner: CollaborativeRunner;

  beforeEach(async () => {
    bus = new InProcessEventBus();
    store = new MemoryCollaborativeStore({ maxFilmsPerUser: settings.model.maxFilmsPerUser });
    runner = new CollaborativeRunner(options, bus, store, new CollaborativeModel(store, options));
    await runner.onModuleInit();
  });

  afterEach(async () => {
    await runner.onModuleDestroy();
    await bus.close();
  });

  it('learns "visitors who booked this also booked" from user-interactions, and dead-letters what it cannot read', async () => {
    const events = ['ana', 'bo', 'cy', 'dee'].flatMap((userId, n) => [
      interaction(userId, 'tmdb-1', 'booking', 1 + n),
      interaction(userId, 'tmdb-2', 'booking', 2 + n),
      ...(n % 2 ? [interaction(userId, 'tmdb-3', 'like', 3 + n)] : []),
    ]);
    await bus.publish(Topics.userInteractions, [
      ...events.map((e) => ({ key: e.userId as string, value: JSON.stringify(e) })),
      { key: 'eve', value: '{"type":"booking","userId":"eve"}' },
    ]);
    const deadLetters: IncomingMessage[] = [];
    const reader = await bus.subscribe({
      topic: Topics.userInteractionsDeadLetter,
      groupId: 'test',
      fromBeginning: true,
      handleBatch: async (batch) => void deadLetters.push(...batch.messages),
    });

    await eventually(
      async () => expect((await store.historyOf('dee')).map((e) => e.filmId).sort()).toEqual(['tmdb-1', 'tmdb-2', 'tmdb-3']),
      5_000,
      20,
    );
    await eventually(async () => expect(deadLetters).toHaveLength(1), 5_000, 20);
    await reader.stop();
    await runner.model.refit();

    expect(runner.model.neighboursOf('tmdb-1', 1)[0].filmId).toBe('tmdb-2');
  });

  it('forgets an erased user and does not let a replay of their interactions bring them back', async () => {
    const old = interaction('ana', 'tmdb-1', 'booking', 1);
    await bus.publish(Topics.userInteractions, [{ key: 'ana', value: JSON.stringify(old) }]);
    await eventually(async () => expect(await store.historyOf('ana')).toHaveLength(1), 5_000, 20);

    const erasure = { erasureId: randomUUID(), userId: 'ana', requestedAt: new Date(Date.UTC(2026, 0, 5)).toISOString() };
    await bus.publish(Topics.userErasures, [{ key: 'ana', value: JSON.stringify(erasure) }]);
    await eventually(async () => expect(await store.historyOf('ana')).toEqual([]), 5_000, 20);
    await bus.publish(Topics.userInteractions, [
      { key: 'ana', value: JSON.stringify(old) },
      { key: 'ana', value: JSON.stringify(interaction('ana', 'tmdb-9', 'like', 6)) },
    ]);

    await eventually(async () => expect((await store.historyOf('ana')).map((e) => e.filmId)).toEqual(['tmdb-9']), 5_000, 20);
  });
});
