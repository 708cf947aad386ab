import { FilmSchema, UserIdSchema, UserPreferencesSchema } from '@marquee/domain';
import { z } from 'zod';

const filmIds = z.array(FilmSchema.shape.id).max(10_000).default([]);

/**
 * What an edition needs to know of one subscriber: the newsletter's narrow view of a user profile
 * (the profile store maps its profiles to it), also the shape of a subscribers JSONL file.
 */
export const SubscriberSchema = z.strictObject({
  userId: UserIdSchema,
  /** Home place, languages, genres to avoid and the newsletter consent (`newsletter: true` opts in). */
  preferences: UserPreferencesSchema,
  /** Lists of the editor's, e.g. `arthouse`, `kids`: `--segment` sends an edition to one of them. */
  segments: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/))
    .max(50)
    .default([]),
  /** The films the user engaged with most, strongest first: seeds of their picks ("Because you liked ..."). */
  liked: filmIds,
  booked: filmIds,
  dismissed: filmIds,
  /** What the previous edition carried to them. */
  lastSent: filmIds,
});

export type Subscriber = z.output<typeof SubscriberSchema>;
