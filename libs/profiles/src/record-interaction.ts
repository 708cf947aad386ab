import type { UserInteractionEvent } from '@marquee/domain';
import { applyInteraction } from './apply-interaction';
import type { ProfileStore } from './profile-store.port';
import type { ProfileOptions, UserProfile } from './user-profile';

/** What recording one interaction did to its user's profile. */
export type RecordOutcome =
  | { kind: 'updated'; profile: UserProfile }
  /** Anonymous, a redelivery, or a type that changes no profile (impression, search). */
  | { kind: 'unchanged' }
  /** Received before the user's erasure: a replay must not rebuild the profile. */
  | { kind: 'erased' };

/** Writers race only with erasure and with a rebalanced partition's previous owner: a few retries settle it. */
const MAX_ATTEMPTS = 5;

/**
 * Applies one interaction to the stored profile: read, apply (pure), compare-and-set. Interactions
 * received at or before the user's erasure are dropped, so a replay of the topic never rebuilds an erased user.
 */
export async function recordInteraction(
  store: ProfileStore,
  interaction: UserInteractionEvent,
  filmVector: Float32Array | undefined,
  options: ProfileOptions,
): Promise<RecordOutcome> {
  const { userId } = interaction;
  if (userId === undefined) return { kind: 'unchanged' };
  for (let attempt = 1; ; attempt++) {
    const [erasedAt, stored] = await Promise.all([store.erasedAt(userId), store.get(userId)]);
    if (erasedAt !== undefined && Date.parse(interaction.receivedAt) <= erasedAt) return { kind: 'erased' };
    const { profile, changed } = applyInteraction(stored, interaction, filmVector, options);
    if (!changed || !profile) return { kind: 'unchanged' };
    const outcome = await store.save(profile, stored?.version ?? 0);
    if (outcome === 'saved') return { kind: 'updated', profile };
    if (outcome === 'erased') return { kind: 'erased' };
    if (attempt >= MAX_ATTEMPTS) throw new Error(`profile of ${userId} kept changing under ${MAX_ATTEMPTS} attempts to save it`);
  }
}
