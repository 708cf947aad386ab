import { z } from 'zod';
import { FilmSchema, LanguageTagSchema } from '@marquee/domain';
import { decimalParam as decimal, textParam, wholeNumberParam } from '@marquee/http';

const LANGUAGE_LIST = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*(,[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*)*$/;
const languageList = textParam().max(200).regex(LANGUAGE_LIST, 'must be language tags separated by commas, e.g. "nl,en"').optional();

/** A list given as `a,b` or as a repeated parameter (`?city=a&city=b`). */
const list = (item: z.ZodType<string, string>, maxItems: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1, 'must not be empty').max(maxItems, `at most ${maxItems} values`));

const name = (max: number) => z.string().max(max, `each at most ${max} characters`);

const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** The calendar date exists (Date.parse rolls 30 February over into March). */
const isRealDay = (value: string): boolean => {
  const day = value.slice(0, 10);
  const parsed = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 10) === day && !Number.isNaN(Date.parse(value));
};
/** An instant whose `+` offset arrived as a space: `+` in a query string means a space unless sent as `%2B`. */
const SPACE_FOR_PLUS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)? \d{2}:\d{2}$/;
const windowBound = textParam()
  .regex(DAY_OR_INSTANT, {
    error: ({ input }) =>
      typeof input === 'string' && SPACE_FOR_PLUS.test(input)
        ? `has a space before its offset: a "+" in a query string means a space, send it as %2B (${input.replace(' ', '%2B')})`
        : 'must be a date (2026-03-24) or a date-time with offset (2026-03-24T20:00:00+01:00)',
  })
  .refine(isRealDay, 'is not a valid date');

export const FilmIdParamSchema = FilmSchema.shape.id;

/** Constraints on what a visitor can attend: shared by related events, search and the listing. */
const filterShape = {
  from: windowBound.optional(),
  to: windowBound.optional(),
  city: list(name(120), 20).optional(),
  region: list(name(120), 20).optional(),
  country: list(z.string().regex(/^[A-Za-z]{2}$/, 'must be ISO 3166-1 alpha-2 codes such as "BE"'), 20).optional(),
  venue: list(name(200), 20).optional(),
  lat: decimal(-90, 90).optional(),
  lon: decimal(-180, 180).optional(),
  radiusKm: decimal(0.1, 20_000).optional(),
  languages: list(LanguageTagSchema, 10).optional(),
  maxAge: decimal(0, 21).pipe(z.number().int('must be a whole number of years')).optional(),
  maxPrice: decimal(0, 100_000).optional(),
  currency: textParam()
    .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as "EUR"')
    .optional(),
  genres: list(name(80), 30).optional(),
  excludeGenres: list(name(80), 30).optional(),
  lang: languageList,
};

type FilterQuery = { [K in keyof typeof filterShape]?: z.output<(typeof filterShape)[K]> };

const dayOf = (bound: string): string => bound.slice(0, 10);

/** Filters that contradict each other or cannot be applied alone: 400 naming the field. */
const checkFilters = (query: FilterQuery, ctx: z.RefinementCtx): void => {
  const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  if (query.from && query.to) {
    const bothInstants = query.from.length > 10 && query.to.length > 10;
    const after = bothInstants ? Date.parse(query.from) > Date.parse(query.to) : dayOf(query.from) > dayOf(query.to);
    if (after) issue('from', 'must not be after to');
  }
  if (query.lat !== undefined && query.lon === undefined) issue('lon', 'is required with lat');
  if (query.lon !== undefined && query.lat === undefined) issue('lat', 'is required with lon');
  if (query.radiusKm !== undefined && (query.lat === undefined || query.lon === undefined)) issue('radiusKm', 'needs lat and lon');
  if (query.currency !== undefined && query.maxPrice === undefined) issue('currency', 'applies only with maxPrice');
  const excluded = new Set(query.excludeGenres?.map((g) => g.toLowerCase()));
  const both = query.genres?.find((g) => excluded.has(g.toLowerCase()));
  if (both) issue('excludeGenres', `"${both}" is also in genres`);
};

const recommendationShape = {
  ...filterShape,
  /** Above the configured maximum it is capped rather than refused. */
  limit: wholeNumberParam(1, 10_000).default(6),
  /** 0 = relevance only, 1 = as varied as possible. */
  diversity: decimal(0, 1).optional(),
};

/** OpenAPI descriptions of the recommendation parameters (validation stays with the zod schemas above). */
export const RECOMMENDATION_PARAMETERS: Record<keyof typeof recommendationShape, string> = {
  from: 'Start of the date window (default now; never earlier): an instant with offset, or a date read as the local date at each venue',
  to: 'End of the date window, inclusive: same forms as from',
  city: 'Cities (comma-separated or repeated), case- and accent-insensitive',
  region: 'Regions, e.g. West-Vlaanderen',
  country: 'ISO 3166-1 alpha-2 country codes',
  venue: 'Venue names',
  lat: 'Visitor latitude: ranks nearer screenings higher and adds distanceKm (with lon)',
  lon: 'Visitor longitude (with lat)',
  radiusKm: 'Only screenings within this distance of lat/lon',
  languages: 'Languages the visitor reads: a screening matches when spoken or subtitled in one of them',
  maxAge: 'Highest age limit admitted; films without an age limit do not match',
  maxPrice: 'Highest ticket price; screenings without a price do not match',
  currency: 'Currency of maxPrice (default: any)',
  genres: 'At least one of these genres',
  excludeGenres: 'None of these genres',
  lang: 'Languages for titles, synopses and explanations (overrides Accept-Language)',
  limit: 'Results wanted (capped by RELATED_MAX_LIMIT)',
  diversity: 'MMR diversity in [0, 1]: 0 ranks by relevance alone (default RELATED_DIVERSITY)',
};

/** OpenAPI descriptions of the listing's parameters: its own, then the filters it shares with related events. */
export const LIST_PARAMETERS: Record<string, string> = {
  q: 'Part of a title, in any language (case- and accent-insensitive)',
  page: 'Page number, from 1',
  pageSize: 'Events per page (1-100, default 20)',
  ...Object.fromEntries(Object.entries(RECOMMENDATION_PARAMETERS).filter(([name]) => name in filterShape)),
};

export const ListEventsQuerySchema = z
  .strictObject({
    q: textParam().trim().max(200).optional(),
    page: wholeNumberParam(1, 10_000).default(1),
    pageSize: wholeNumberParam(1, 100).default(20),
    ...filterShape,
  })
  .superRefine(checkFilters);

export const ShowEventQuerySchema = z.strictObject({ lang: languageList });

export const RelatedQuerySchema = z.strictObject(recommendationShape).superRefine(checkFilters);

/** `GET /users/:id/recommendations`: the related-events parameters, and `exclude=sent` (what the last newsletter carried). */
export const PersonalQuerySchema = z
  .strictObject({ ...recommendationShape, exclude: list(z.enum(['sent']), 1).optional() })
  .superRefine(checkFilters);

export const SearchQuerySchema = z
  .strictObject({
    q: textParam().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
    ...recommendationShape,
  })
  .superRefine(checkFilters);

export type ListEventsQuery = z.infer<typeof ListEventsQuerySchema>;
export type RelatedQuery = z.infer<typeof RelatedQuerySchema>;
export type SearchQuery = z.infer<typeof SearchQuerySchema>;
export type PersonalQuery = z.infer<typeof PersonalQuerySchema>;
