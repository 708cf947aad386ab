export { importedInteractionId } from './interaction-id';
export { formatOf, InteractionImporter, type ImportFormat, type ImportOptions, type ImportReport } from './interaction-importer';
export { movieLensFilmId, movieLensRating, parseMovieLensLinks, type MovieLensLinks, type RowOutcome } from './movielens';
