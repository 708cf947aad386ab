import { filmOfInteraction, type UserErasureEvent, type UserInteractionEvent } from '@marquee/domain';
import { recordInteraction, type ProfileOptions, type ProfileStore, type RecordOutcome } from '@marquee/profiles';

/** Where the profiler finds a film's vector: the replica of `film-index`. */
export interface FilmVectors {
  vectorOf(filmId: string): Float32Array | undefined;
  /** Whether it caught up with film-index (interactions wait for it, else their films would have no vector yet). */
  isReady(): boolean;
}

export const FILM_VECTORS = Symbol('FilmVectors');

export interface ProfilerCounters {
  updated: number;
  unchanged: number;
  /** Interactions dropped because their user was erased after they were received. */
  erased: number;
  erasures: number;
}

/** The profiler's use case: interactions into profiles, erasures out of them. Both are idempotent. */
export class Profiler {
  readonly counters: ProfilerCounters = { updated: 0, unchanged: 0, erased: 0, erasures: 0 };

  constructor(
    private readonly store: ProfileStore,
    private readonly vectors: FilmVectors,
    private readonly options: ProfileOptions,
  ) {}

  async record(interaction: UserInteractionEvent): Promise<RecordOutcome> {
    if (interaction.userId === undefined) {
      this.counters.unchanged += 1;
      return { kind: 'unchanged' };
    }
    const filmId = filmOfInteraction(interaction);
    const vector = filmId === undefined ? undefined : this.vectors.vectorOf(filmId);
    const outcome = await recordInteraction(this.store, interaction, vector, this.options);
    this.counters[outcome.kind === 'updated' ? 'updated' : outcome.kind] += 1;
    return outcome;
  }

  async erase(erasure: UserErasureEvent): Promise<void> {
    await this.store.erase(erasure.userId, new Date(erasure.requestedAt));
    this.counters.erasures += 1;
  }
}
