import { createHash } from 'node:crypto';

/**
 * The fixed 80/20 split of films for anything fitted on catalogue labels or ratings: a film is in the
 * fitting part when sha1("marquee-split:<tmdbId>") taken as a number is below 80 modulo 100. The model
 * build (tools/model/data.py, `fit_split`) uses the same rule, so evaluations report the other 20%.
 */
export const inFittingSplit = (tmdbId: number): boolean =>
  parseInt(createHash('sha1').update(`marquee-split:${tmdbId}`).digest('hex').slice(0, 8), 16) % 100 < 80;
