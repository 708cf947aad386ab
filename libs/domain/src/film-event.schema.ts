import { z } from 'zod';
import { FilmSchema } from './film.schema';

const envelope = {
  /** Unique per event; lets consumers and operators trace an event through the pipeline. */
  eventId: z.string().trim().min(1).max(128),
  /** Monotonically increasing per film; older or equal versions are ignored. */
  version: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  occurredAt: z.iso.datetime({ offset: true }),
};

export const FilmUpsertedEventSchema = z.strictObject({
  type: z.enum(['film.added', 'film.updated']),
  ...envelope,
  film: FilmSchema,
});

export const FilmRemovedEventSchema = z.strictObject({
  type: z.literal('film.removed'),
  ...envelope,
  filmId: FilmSchema.shape.id,
});

/** The contract of the `film-events` topic (key = film id) and of `POST /events`. */
export const FilmEventSchema = z.discriminatedUnion('type', [FilmUpsertedEventSchema, FilmRemovedEventSchema]);

export type FilmUpsertedEvent = z.infer<typeof FilmUpsertedEventSchema>;
export type FilmRemovedEvent = z.infer<typeof FilmRemovedEventSchema>;
export type FilmEvent = z.infer<typeof FilmEventSchema>;
export type FilmEventInput = z.input<typeof FilmEventSchema>;

export const filmIdOf = (event: FilmEvent): string => (event.type === 'film.removed' ? event.filmId : event.film.id);
