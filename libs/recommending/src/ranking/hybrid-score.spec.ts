import { recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import type { Film } from '@marquee/domain';
import { filmWith, screeningAt, type VenueKey } from '../../../../test/support/screenings';
import { compileFilters } from '../filters/event-filters';
import { creditsOf } from '@marquee/catalogue';
import {
  candidateRanges,
  hybridScore,
  NO_ORIGIN,
  originOfFilm,
  rankingFeatures,
  type Candidate,
  type RankingContext,
} from './hybrid-score';
import type { RankingWeights } from './ranking-weights';

const now = new Date('2026-03-20T12:00:00Z');
const DEFAULT_RANKING_WEIGHTS = recommendingSettings(validateMarqueeConfig({})).weights;
const candidate = (film: Film, similarity: number): Candidate => ({
  id: film.id,
  film,
  similarity,
  screenings: compileFilters({}, now).matchingScreenings(film),
});
const at = (venue: VenueKey, start = '2026-03-24T20:00:00+01:00') => [screeningAt(`${venue}-${start}`, start, venue)];

const contextFor = (candidates: Candidate[], reference?: Film, origin?: { lat: number; lon: number }): RankingContext => ({
  now,
  reference: reference && creditsOf(reference),
  origin: origin ? { points: [origin], cities: new Set() } : reference ? originOfFilm(reference, now) : NO_ORIGIN,
  ...candidateRanges(candidates),
});

const ranked = (candidates: Candidate[], context: RankingContext, weights: RankingWeights = DEFAULT_RANKING_WEIGHTS): string[] =>
  candidates
    .map((c) => ({ id: c.id, score: hybridScore(rankingFeatures(c, context), weights) }))
    .sort((a, b) => b.score - a.score)
    .map((c) => c.id);

const semanticOnly: RankingWeights = {
  ...Object.fromEntries(Object.keys(DEFAULT_RANKING_WEIGHTS).map((k) => [k, 0])),
  semantic: 1,
} as RankingWeights;

describe('hybrid ranking', () => {
  const reference = filmWith('invasion', at('gent'), {
    directors: ['Sergei Loznitsa'],
    cast: [],
    genres: ['Documentary'],
    tags: ['war', 'ukraine'],
    countries: ['UA'],
  });

  it('keeps every feature in [0, 1]', () => {
    const film = filmWith('x', at('antwerpen'), {
      directors: ['sergei loznitsa'],
      genres: ['Documentary'],
      tags: ['war'],
      countries: ['UA'],
      popularity: 50,
    });
    const features = rankingFeatures(candidate(film, 0.8), contextFor([candidate(film, 0.8)], reference));
    for (const value of Object.values(features)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(features.directors).toBe(1);
    expect(features.popularity).toBe(1);
  });

  it('lets a shared director lift a slightly less similar film, and only semantic similarity without that weight', () => {
    const similar = candidate(filmWith('similar', at('gent')), 0.6);
    const sameDirector = candidate(filmWith('maidan', at('gent'), { directors: ['Sergei Loznitsa'] }), 0.55);
    const distant = candidate(filmWith('distant', at('gent')), 0.1);
    const pool = [similar, sameDirector, distant];
    const context = contextFor(pool, reference);

    expect(ranked(pool, context)).toEqual(['maidan', 'similar', 'distant']);
    expect(ranked(pool, context, semanticOnly)).toEqual(['similar', 'maidan', 'distant']);
  });

  it("rescales similarity over the candidates, so the weights mean the same whatever the model's scale", () => {
    const narrowScale = [
      candidate(filmWith('a', at('gent')), 0.84),
      candidate(filmWith('b', at('gent')), 0.82),
      candidate(filmWith('c', at('gent')), 0.8),
    ];
    const wideScale = [
      candidate(filmWith('a', at('gent')), 0.3),
      candidate(filmWith('b', at('gent')), 0.2),
      candidate(filmWith('c', at('gent')), 0.1),
    ];
    const semantic = (pool: Candidate[]) => pool.map((c) => rankingFeatures(c, contextFor(pool)).semantic);
    expect(semantic(narrowScale)).toEqual([1, expect.closeTo(0.5, 6), 0]);
    expect(semantic(wideScale)).toEqual(semantic(narrowScale).map((x) => expect.closeTo(x, 6)));
  });

  it('rewards shared tags, genres and countries', () => {
    const plain = candidate(filmWith('plain', at('gent')), 0.5);
    const sharing = candidate(filmWith('sharing', at('gent'), { genres: ['Documentary'], tags: ['Ukraine'], countries: ['UA'] }), 0.5);
    expect(ranked([plain, sharing], contextFor([plain, sharing], reference))).toEqual(['sharing', 'plain']);
  });

  it('rewards a theme both synopses share, whatever their languages, when themes have weight', () => {
    const dutch = filmWith('dutch', at('gent'), { synopses: { nl: 'Burgers in Oekraïne leven met de oorlog.' } });
    const war = candidate(filmWith('war', at('gent'), { synopses: { fr: 'Des soldats au front pendant la guerre.' } }), 0.5);
    const heist = candidate(filmWith('heist', at('gent'), { synopses: { en: 'Four strangers plan one last job.' } }), 0.5);
    const context = contextFor([heist, war], dutch);
    expect(rankingFeatures(war, context).themes).toBe(1);
    expect(rankingFeatures(heist, context).themes).toBe(0);
    expect(ranked([heist, war], context, { ...semanticOnly, themes: 0.2 })).toEqual(['war', 'heist']);
  });

  it('prefers the sooner screening when all else is equal', () => {
    const later = candidate(filmWith('later', at('gent', '2026-04-10T20:00:00+02:00')), 0.5);
    const sooner = candidate(filmWith('sooner', at('gent', '2026-03-21T20:00:00+01:00')), 0.5);
    expect(ranked([later, sooner], contextFor([later, sooner]))).toEqual(['sooner', 'later']);
  });

  it("prefers screenings near the visitor, else near the reference film's venues", () => {
    const inAmsterdam = candidate(filmWith('amsterdam', at('amsterdam')), 0.5);
    const inAntwerpen = candidate(filmWith('antwerpen', at('antwerpen')), 0.5);
    const both = [inAmsterdam, inAntwerpen];
    expect(ranked(both, contextFor(both, reference))).toEqual(['antwerpen', 'amsterdam']);
    expect(ranked(both, contextFor(both, reference, { lat: 52.37, lon: 4.89 }))).toEqual(['amsterdam', 'antwerpen']);
  });

  it('falls back to the same city when venues have no coordinates', () => {
    const tienenReference = filmWith('ref', at('tienen'));
    const inTienen = candidate(filmWith('tienen', at('tienen', '2026-03-25T20:00:00+01:00')), 0.5);
    const inGent = candidate(filmWith('gent', at('gent', '2026-03-25T20:00:00+01:00')), 0.5);
    expect(ranked([inGent, inTienen], contextFor([inGent, inTienen], tienenReference))).toEqual(['tienen', 'gent']);
  });

  it('prefers the more popular film when all else is equal', () => {
    const niche = candidate(filmWith('niche', at('gent'), { popularity: 2 }), 0.5);
    const popular = candidate(filmWith('popular', at('gent'), { popularity: 80 }), 0.5);
    expect(ranked([niche, popular], contextFor([niche, popular]))).toEqual(['popular', 'niche']);
  });
});
