export { toEventCard, type CardOptions, type EventCard, type ScreeningCard } from './event-card';
export { FilmCatalogue, type CatalogueEntry } from './film-catalogue';
export { creditsOf, factsOf, localDayOf, type CreditFacts, type FilmFacts, type PlaceFacts, type ScreeningFacts } from './film-facts';
export { FilmIndexProjection } from './film-index-projection';
export { parseWindowBound, type WindowBound } from './local-date';
export { upcomingScreenings } from './screenings';
export type { VenueIndex } from './venue-index';
