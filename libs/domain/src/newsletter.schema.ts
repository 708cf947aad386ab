import { z } from 'zod';
import { EditionIdSchema } from './edition-id.schema';
import { FilmSchema, LanguageTagSchema, PriceSchema } from './film.schema';
import { UserIdSchema } from './user-interaction.schema';

const text = (max: number) => z.string().max(max);
const httpsUrl = z.url({ protocol: /^https?$/ }).max(4000);

export const NewsletterScreeningSchema = z.strictObject({
  screeningId: text(200),
  start: z.iso.datetime({ offset: true }),
  timeZone: text(100),
  /** The start on the venue's clock, in the reader's language, e.g. "Tue 8 Dec, 20:00". */
  localStart: text(100),
  venue: text(200),
  city: text(120),
  price: PriceSchema.optional(),
  /** The booking link, carrying the newsletter's `recommendationId`. */
  bookingUrl: httpsUrl.optional(),
});

/** Why a pick is in the mail: found from what the reader liked, or popular where they live. */
export const NewsletterSectionSchema = z.enum(['personal', 'popular']);

export const NewsletterPickSchema = z.strictObject({
  filmId: FilmSchema.shape.id,
  section: NewsletterSectionSchema,
  /** 1-based place in the mail, as `position` of the interactions it leads to. */
  position: z.number().int().min(1),
  title: text(500),
  synopsis: text(2000).optional(),
  image: httpsUrl.optional(),
  /** The film's page, carrying the newsletter's `recommendationId`. */
  url: httpsUrl.optional(),
  /** Reasons in the reader's language, most specific first ("Because you liked Backstage", ...). */
  explanations: z.array(text(300)).max(10),
  screenings: z.array(NewsletterScreeningSchema).max(10),
});

/**
 * The JSON rendering of one subscriber's newsletter (for sites that render their own), also the
 * body of the `newsletters` topic's messages (key = userId) with the HTML and text renderings.
 */
export const NewsletterSchema = z.strictObject({
  edition: EditionIdSchema,
  userId: UserIdSchema,
  /** One per mail: clicks and bookings it leads to carry it back through `POST /feedback`. */
  recommendationId: z.uuid(),
  language: LanguageTagSchema,
  /** The edition's window, days on the venues' clocks (inclusive). */
  from: z.iso.date(),
  to: z.iso.date(),
  subject: text(200),
  /** The mail headers a mailer needs: List-Unsubscribe (mailto + https), List-Unsubscribe-Post, List-Id. */
  headers: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/), text(2000)),
  unsubscribeUrl: httpsUrl,
  picks: z.array(NewsletterPickSchema).min(1).max(50),
});

export const NewsletterMessageSchema = NewsletterSchema.extend({
  html: z.string(),
  text: z.string(),
  /** SHA-256 of the newsletter and the templates that render it: a mailer drops a redelivered message it already sent. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export type NewsletterScreening = z.infer<typeof NewsletterScreeningSchema>;
export type NewsletterSection = z.infer<typeof NewsletterSectionSchema>;
export type NewsletterPick = z.infer<typeof NewsletterPickSchema>;
export type Newsletter = z.infer<typeof NewsletterSchema>;
export type NewsletterMessage = z.infer<typeof NewsletterMessageSchema>;
