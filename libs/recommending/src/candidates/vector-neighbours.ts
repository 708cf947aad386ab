import type { FilmCatalogue } from '@marquee/catalogue';
import type { Candidate } from '../ranking/hybrid-score';
import { findCandidates } from '../ranking/candidate-search';
import type { CandidateQuery, CandidateSource } from './candidate-source';

/**
 * The films nearest to the seeds' vectors (today's related events and search). With several seeds
 * (the films a user liked) a film found from more than one keeps its nearest seed as reference.
 */
export class VectorNeighbours implements CandidateSource {
  readonly name = 'vector-neighbours';

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly options: { exactScanMaxCandidates: number },
  ) {}

  candidates({ seeds, k, matcher, exclude }: CandidateQuery): Candidate[] {
    const found = seeds.map((seed) =>
      findCandidates(this.catalogue, {
        vector: seed.vector,
        k,
        matcher,
        exclude,
        exactScanMaxCandidates: this.options.exactScanMaxCandidates,
      }).map((candidate): Candidate => ({ ...candidate, reference: seed.film })),
    );
    if (found.length <= 1) return found[0] ?? [];
    const nearest = new Map<string, Candidate>();
    for (const candidate of found.flat()) {
      const known = nearest.get(candidate.id);
      if (!known || candidate.similarity > known.similarity) nearest.set(candidate.id, candidate);
    }
    return [...nearest.values()].sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1)).slice(0, k);
  }
}
