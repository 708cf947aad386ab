export { backstageExampleEvent, DEFAULT_DEMO_SEED, demoFilmEvents, type DemoOptions } from './demo-film-events';
export { CATALOGUE_FILMS, SEED_FILMS } from './demo-films';
export { DEMO_VENUES, type DemoVenue } from './venues';
export { DemoCatalogueLoader } from './demo-catalogue.loader';
export { DemoCatalogueModule } from './demo-catalogue.module';
