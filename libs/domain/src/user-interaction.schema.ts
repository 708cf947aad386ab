import { z } from 'zod';
import { FilmSchema } from './film.schema';

/** How far ahead of the server's clock a client's `occurredAt` may be (clock skew). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Older interactions are refused: analytics reads the topic in near real time. */
const MAX_AGE_MS = 7 * 86_400_000;

export const UserInteractionTypeSchema = z.enum(['impression', 'click', 'booking']);

/**
 * What a widget or listing site reports about a recommendation it showed (`POST /feedback`).
 * `userId` is a pseudonymous id chosen by the site, never a name or an e-mail address.
 */
export const UserInteractionInputSchema = z.strictObject({
  /** The `recommendationId` of the related-events or search response the event was shown in. */
  recommendationId: z.uuid(),
  eventId: FilmSchema.shape.id,
  type: UserInteractionTypeSchema,
  /** 1-based place of the event in the list shown. */
  position: z.number().int().min(1).max(1_000).optional(),
  userId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a pseudonymous id of 1-128 characters A-Z a-z 0-9 . _ : -')
    .optional(),
  occurredAt: z.iso
    .datetime({ offset: true })
    .refine((at) => Date.parse(at) <= Date.now() + MAX_CLOCK_SKEW_MS, 'must not be in the future')
    .refine((at) => Date.parse(at) >= Date.now() - MAX_AGE_MS, 'must be within the last 7 days')
    .optional(),
});

/** The contract of the `user-interactions` topic (key = userId, else recommendationId). */
export const UserInteractionEventSchema = UserInteractionInputSchema.extend({
  /** Unique per interaction, so consumers can drop redeliveries. */
  interactionId: z.uuid(),
  /** When the client says it happened, else when it was received. */
  occurredAt: z.iso.datetime({ offset: true }),
  receivedAt: z.iso.datetime({ offset: true }),
});

export type UserInteractionType = z.infer<typeof UserInteractionTypeSchema>;
export type UserInteractionInput = z.infer<typeof UserInteractionInputSchema>;
export type UserInteractionEvent = z.infer<typeof UserInteractionEventSchema>;

/** Builds the topic event from validated input; the client's clock is trusted only within the input schema's bounds. */
export const toUserInteractionEvent = (input: UserInteractionInput, interactionId: string, receivedAt: Date): UserInteractionEvent => ({
  ...input,
  interactionId,
  occurredAt: input.occurredAt ?? receivedAt.toISOString(),
  receivedAt: receivedAt.toISOString(),
});

/** Kafka key: one user's interactions stay in order on one partition; anonymous ones group by recommendation. */
export const userInteractionKey = (event: Pick<UserInteractionEvent, 'userId' | 'recommendationId'>): string =>
  event.userId ?? event.recommendationId;
