export * from './errors';
export * from './event-card';
export * from './event-listing.service';
export * from './film-catalogue';
export * from './film-index-projection';
export * from './localized-text';
export * from './related-events.service';
export * from './screenings';
