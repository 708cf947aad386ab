import { z } from 'zod';
import { EditionIdSchema } from './edition-id.schema';
import { FilmSchema, LanguageTagSchema } from './film.schema';

/** How far ahead of the server's clock a client's `occurredAt` may be (clock skew). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** The public beacon takes only recent interactions; history comes in through `POST /interactions` or the import. */
const MAX_BEACON_AGE_MS = 7 * 86_400_000;
/** Longest search text kept on the topic; analytics keeps it only in aggregate. */
export const MAX_SEARCH_TEXT_LENGTH = 200;

/** A pseudonymous id chosen by the site, never a name or an e-mail address. */
export const UserIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a pseudonymous id of 1-128 characters A-Z a-z 0-9 . _ : -');

const FilmIdSchema = FilmSchema.shape.id;
const occurredAt = z.iso.datetime({ offset: true });

/** Interactions with one film, from pages, widgets, newsletters and ticketing. */
export const FilmInteractionTypeSchema = z.enum(['view', 'impression', 'click', 'like', 'booking', 'dismiss']);
export const UserInteractionTypeSchema = z.enum([...FilmInteractionTypeSchema.options, 'rating', 'preferences', 'search', 'sent']);

/** Where an interaction happened, when the site knows: what audience analytics breaks interest down by. */
export const InteractionContextSchema = z.strictObject({
  city: z.string().trim().min(1).max(120).optional(),
  venue: z.string().trim().min(1).max(200).optional(),
  screeningId: z.string().trim().min(1).max(200).optional(),
  /** What surface produced it: `widget`, `for-you`, `newsletter`, `search`, `import`, a site's own name. */
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'must be a lowercase name of 1-40 characters a-z 0-9 . _ -')
    .optional(),
});

const common = {
  userId: UserIdSchema.optional(),
  /** The `recommendationId` of the answer the film was shown in, when it was shown in one. */
  recommendationId: z.uuid().optional(),
  occurredAt: occurredAt.optional(),
  context: InteractionContextSchema.optional(),
};

export const FilmInteractionInputSchema = z.strictObject({
  type: FilmInteractionTypeSchema,
  filmId: FilmIdSchema,
  /** 1-based place of the film in the list shown. */
  position: z.number().int().min(1).max(1_000).optional(),
  ...common,
});

/** A star rating, typically imported history (MovieLens-style 0.5-5 in half stars). */
export const RatingInputSchema = z.strictObject({
  type: z.literal('rating'),
  filmId: FilmIdSchema,
  rating: z
    .number()
    .min(0.5)
    .max(5)
    .refine((r) => Number.isInteger(r * 2), 'must be in half stars (0.5, 1, ... 5)'),
  ...common,
  userId: UserIdSchema,
});

export const UserPreferencesSchema = z
  .strictObject({
    /** Home city, for "near you" and cold start. */
    city: z.string().trim().min(1).max(120).optional(),
    location: z
      .strictObject({
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
        radiusKm: z.number().positive().max(20_000).default(25),
      })
      .optional(),
    /** Languages the user reads, best first. */
    languages: z.array(LanguageTagSchema).min(1).max(10).optional(),
    avoidGenres: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
    /** Newsletter consent: true subscribes, false unsubscribes (also the one-click List-Unsubscribe). */
    newsletter: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'must set at least one preference');

/** What a user told the site about themselves; each field replaces the stored one, absent fields are kept. */
export const PreferencesInputSchema = z.strictObject({
  type: z.literal('preferences'),
  preferences: UserPreferencesSchema,
  ...common,
  userId: UserIdSchema,
});

/** A search run on the site: interest analytics counts what people look for (the text only in aggregate). */
export const SearchInputSchema = z.strictObject({
  type: z.literal('search'),
  query: z.string().trim().min(1).max(MAX_SEARCH_TEXT_LENGTH),
  /** The films the answer listed, best first. */
  filmIds: z.array(FilmIdSchema).max(50).optional(),
  ...common,
});

/** Films a newsletter edition carried to a subscriber, so that the next edition leaves them out. */
export const SentInputSchema = z.strictObject({
  type: z.literal('sent'),
  filmIds: z.array(FilmIdSchema).min(1).max(50),
  edition: EditionIdSchema,
  ...common,
  userId: UserIdSchema,
});

/**
 * Messages of the first contract named the film `eventId` (it is the id of the listed film, not a
 * message id) and always carried a `recommendationId`: they are read as `filmId` so they still parse.
 */
const withFilmIdForEventId = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { eventId, ...rest } = value as Record<string, unknown>;
  if (eventId === undefined || 'filmId' in rest) return value;
  return { ...rest, filmId: eventId };
};

const inputUnion = z.discriminatedUnion('type', [
  FilmInteractionInputSchema,
  RatingInputSchema,
  PreferencesInputSchema,
  SearchInputSchema,
  SentInputSchema,
]);

/** Any interaction as a trusted server (`POST /interactions`, the import, Marquee itself) reports it. */
export const UserInteractionInputSchema = z.preprocess(withFilmIdForEventId, inputUnion);

const notInTheFuture = (at: string): boolean => Date.parse(at) <= Date.now() + MAX_CLOCK_SKEW_MS;
const recent = (at: string): boolean => Date.parse(at) >= Date.now() - MAX_BEACON_AGE_MS;

/**
 * What the public beacon (`POST /feedback`, called from visitors' browsers) accepts: interactions
 * with a film only, recent, never preferences or history, which need the API key.
 */
export const FeedbackInputSchema = z.preprocess(
  withFilmIdForEventId,
  FilmInteractionInputSchema.extend({
    occurredAt: occurredAt.refine(notInTheFuture, 'must not be in the future').refine(recent, 'must be within the last 7 days').optional(),
  }),
);

const envelope = {
  /** Unique per interaction, so consumers drop redeliveries (a replay rebuilds the same state). */
  interactionId: z.uuid(),
  /** When the client says it happened, else when it was received. */
  occurredAt,
  receivedAt: occurredAt,
};

/** The contract of the `user-interactions` topic (key: `userInteractionKey`). */
export const UserInteractionEventSchema = z.preprocess(
  withFilmIdForEventId,
  z.discriminatedUnion('type', [
    FilmInteractionInputSchema.extend(envelope),
    RatingInputSchema.extend(envelope),
    PreferencesInputSchema.extend(envelope),
    SearchInputSchema.extend(envelope),
    SentInputSchema.extend(envelope),
  ]),
);

export type FilmInteractionType = z.infer<typeof FilmInteractionTypeSchema>;
export type UserInteractionType = z.infer<typeof UserInteractionTypeSchema>;
export type InteractionContext = z.infer<typeof InteractionContextSchema>;
export type UserPreferences = z.infer<typeof UserPreferencesSchema>;
export type UserInteractionInput = z.infer<typeof UserInteractionInputSchema>;
export type FeedbackInput = z.infer<typeof FeedbackInputSchema>;
export type UserInteractionEvent = z.infer<typeof UserInteractionEventSchema>;
export type FilmInteractionEvent = Extract<UserInteractionEvent, { type: FilmInteractionType }>;

/** Builds the topic event from validated input; the client's clock is trusted only within the input schema's bounds. */
export const toUserInteractionEvent = (input: UserInteractionInput, interactionId: string, receivedAt: Date): UserInteractionEvent =>
  ({
    ...input,
    interactionId,
    occurredAt: input.occurredAt ?? receivedAt.toISOString(),
    receivedAt: receivedAt.toISOString(),
  }) as UserInteractionEvent;

/** Kafka key: one user's interactions stay in order on one partition; anonymous ones group by recommendation. */
export const userInteractionKey = (event: Pick<UserInteractionEvent, 'userId' | 'recommendationId' | 'interactionId'>): string =>
  event.userId ?? event.recommendationId ?? event.interactionId;

/** The film an interaction is about, when it is about one film. */
export const filmOfInteraction = (event: UserInteractionEvent): string | undefined => ('filmId' in event ? event.filmId : undefined);
