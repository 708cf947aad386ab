import { readerLanguages } from '@marquee/http';
import type { EventFilters, GeoPoint, RecommendationRequest } from '@marquee/recommending';
import type { ListEventsQuery, RelatedQuery } from './events.schemas';

type FilterQuery = Omit<ListEventsQuery, 'q' | 'page' | 'pageSize'>;

/** The query's constraints in domain terms; undefined when it sets none. */
export const eventFilters = (query: FilterQuery): EventFilters | undefined => {
  const filters: EventFilters = {
    from: query.from,
    to: query.to,
    cities: query.city,
    regions: query.region,
    countries: query.country,
    venues: query.venue,
    near:
      query.radiusKm !== undefined && query.lat !== undefined && query.lon !== undefined
        ? { lat: query.lat, lon: query.lon, radiusKm: query.radiusKm }
        : undefined,
    languages: query.languages,
    maxAge: query.maxAge,
    maxPrice: query.maxPrice,
    currency: query.currency,
    genres: query.genres,
    excludeGenres: query.excludeGenres,
  };
  return Object.values(filters).some((value) => value !== undefined) ? filters : undefined;
};

const visitorPosition = (query: FilterQuery): GeoPoint | undefined =>
  query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : undefined;

/** Maps a validated related/search query and the Accept-Language header to a recommendation request. */
export const recommendationRequest = (
  query: RelatedQuery,
  acceptLanguage: string | undefined,
  maxLimit: number,
  now: Date,
): RecommendationRequest => ({
  limit: Math.min(query.limit, maxLimit),
  languages: readerLanguages(query.lang, acceptLanguage),
  now,
  filters: eventFilters(query),
  origin: visitorPosition(query),
  diversity: query.diversity,
});
