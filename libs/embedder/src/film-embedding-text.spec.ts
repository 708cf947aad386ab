import { FilmSchema, type FilmInput } from '@marquee/domain';
import { filmEmbeddingText } from './film-embedding-text';
import { MAX_EMBEDDING_CHARS, PLACEHOLDER_TEXT } from './text-preparation';

const film = (input: Partial<FilmInput>) => FilmSchema.parse({ id: 'film-1', titles: { en: 'The Sea' }, ...input });

describe('filmEmbeddingText', () => {
  it('combines title, genres and synopses, English first then by language tag', () => {
    const text = filmEmbeddingText(
      film({
        titles: { nl: 'De Zee', en: 'The Sea' },
        genres: ['Drama'],
        synopses: { nl: 'Een visser.', fr: 'Un pêcheur.', en: 'A fisherman.' },
        directors: ['Jane Doe'],
      }),
    );
    expect(text).toBe('The Sea. Drama. A fisherman. Un pêcheur. Een visser.');
  });

  it('embeds at most three distinct synopses', () => {
    const text = filmEmbeddingText(film({ synopses: { en: 'One.', de: 'Two.', es: 'Two.', fr: 'Three.', it: 'Four.' } }));
    expect(text).toBe('The Sea. One. Two. Three.');
  });

  it('gives every synopsis a share of the length limit', () => {
    const long = 'word '.repeat(10_000);
    const text = filmEmbeddingText(film({ synopses: { en: long, fr: `${long} fin`, nl: 'Kort verhaal.' } }));
    expect(text.length).toBeLessThanOrEqual(MAX_EMBEDDING_CHARS);
    expect(text.endsWith('Kort verhaal.')).toBe(true);
  });

  it('falls back to title, genres and tags without a synopsis', () => {
    expect(filmEmbeddingText(film({ genres: ['Drama'], tags: ['festival'] }))).toBe('The Sea. Drama, festival');
  });

  it('falls back to the placeholder when the film has nothing visible', () => {
    expect(filmEmbeddingText(film({ titles: { en: '\u200B' } }))).toBe(PLACEHOLDER_TEXT);
  });
});
