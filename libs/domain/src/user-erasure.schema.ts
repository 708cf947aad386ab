import { z } from 'zod';
import { UserIdSchema } from './user-interaction.schema';

/**
 * The contract of the compacted `user-erasures` topic (key = userId): every consumer that keeps
 * per-user state deletes it and ignores the user's older interactions, also when replaying.
 */
export const UserErasureEventSchema = z.strictObject({
  erasureId: z.uuid(),
  userId: UserIdSchema,
  requestedAt: z.iso.datetime({ offset: true }),
});

export type UserErasureEvent = z.infer<typeof UserErasureEventSchema>;
