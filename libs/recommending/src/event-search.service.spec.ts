import { MemoryCache } from '@marquee/cache';
import { FilmCatalogue } from '@marquee/catalogue';
import { recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import type { Embedder, EmbeddingKind } from '@marquee/domain';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { mockLogger } from '../../../test/support/loggers';
import { filmWith, screeningAt } from '../../../test/support/screenings';
import { EventSearchService } from './event-search.service';

const now = new Date('2026-03-20T12:00:00Z');
const logger = mockLogger();

/** Embeds by keyword, so the test knows which film each text is nearest to; records what it was asked. */
class KeywordEmbedder implements Embedder {
  readonly modelId = 'keywords';
  readonly dimension = 3;
  readonly calls: Array<{ texts: string[]; kind: EmbeddingKind }> = [];
  async embed(texts: string[], kind: EmbeddingKind): Promise<Float32Array[]> {
    this.calls.push({ texts, kind });
    return texts.map((text) => {
      if (/migra/i.test(text)) return Float32Array.from([1, 0, 0]);
      if (/dans|danse|dance/i.test(text)) return Float32Array.from([0, 1, 0]);
      return Float32Array.from([0, 0, 1]);
    });
  }
  async close(): Promise<void> {}
}

const setup = () => {
  const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: 3 }));
  const put = (id: string, vector: number[], at: Parameters<typeof screeningAt>[2], start = '2026-03-24T20:00:00+01:00') =>
    catalogue.upsert({ film: filmWith(id, [screeningAt(`${id}-s`, start, at)]), version: 1, contentHash: id }, Float32Array.from(vector));
  put('exile', [1, 0.1, 0], 'gent');
  put('crossing', [0.9, 0.3, 0.1], 'antwerpen', '2026-03-25T20:00:00+01:00');
  put('ballet', [0.1, 1, 0], 'gent');
  const embedder = new KeywordEmbedder();
  const service = new EventSearchService(catalogue, { epoch: '1' }, new MemoryCache(), embedder, {
    ...recommendingSettings(validateMarqueeConfig({})),
    logger,
  });
  return { service, embedder };
};

describe('EventSearchService', () => {
  it('embeds the text as a query and ranks the films a visitor can attend by meaning', async () => {
    const { service, embedder } = setup();
    const answer = await service.search({ text: '  films over   migratie in Marokko ', limit: 2, languages: ['nl'], now, diversity: 0 });

    expect(embedder.calls).toEqual([{ texts: ['films over migratie in Marokko'], kind: 'query' }]);
    expect(answer.query).toBe('films over migratie in Marokko');
    expect(answer.results.map((r) => r.id)).toEqual(['exile', 'crossing']);
    expect(answer.results[0].explanations).toEqual(['Speelt di 24 mrt in Gent']);
    expect(answer.recommendationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('applies the same filters as related events', async () => {
    const { service } = setup();
    const answer = await service.search({ text: 'migration', limit: 5, languages: [], now, filters: { cities: ['Antwerpen'] } });
    expect(answer.results.map((r) => r.id)).toEqual(['crossing']);
  });

  it('serves a repeated search from the cache without embedding again', async () => {
    const { service, embedder } = setup();
    await service.search({ text: 'danse contemporaine', limit: 2, languages: [], now });
    const again = await service.search({ text: 'danse  contemporaine', limit: 2, languages: [], now });
    expect(again.cached).toBe(true);
    expect(again.results[0].id).toBe('ballet');
    expect(embedder.calls).toHaveLength(1);
  });
});
