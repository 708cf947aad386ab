import { fold } from './fold';
import { GENRE_LABELS, TOPIC_LABELS, genreLabel, topicLabel } from './topics';

describe('topic and genre labels', () => {
  it('names every listed topic and genre in English, Dutch and French', () => {
    for (const entry of [...TOPIC_LABELS, ...GENRE_LABELS]) {
      for (const language of ['en', 'nl', 'fr'] as const) expect(entry[language]).toMatch(/\p{L}/u);
    }
  });

  it('lists each English name once', () => {
    for (const labels of [TOPIC_LABELS, GENRE_LABELS]) {
      const names = labels.map((entry) => fold(entry.en));
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('recognises a tag or genre in any of its spellings, folded', () => {
    expect(topicLabel('World War II', 'nl')).toBe('de Tweede Wereldoorlog');
    expect(topicLabel('wraak', 'en')).toBe('revenge');
    expect(topicLabel(' vengeance ', 'nl')).toBe('wraak');
    expect(genreLabel('Science Fiction', 'fr')).toBe('science-fiction');
    expect(genreLabel('komedie', 'fr')).toBe('comédie');
    // Only a whole leading article is dropped: "desert" is no "de sert".
    expect(topicLabel('amitié', 'nl')).toBe('vriendschap');
    expect(topicLabel('desert', 'nl')).toBeUndefined();
  });

  it('has no name for production notes, unknown values or other languages', () => {
    expect(topicLabel('duringcreditsstinger', 'en')).toBeUndefined();
    expect(topicLabel('based on novel', 'nl')).toBeUndefined();
    expect(topicLabel('relationships', 'nl')).toBeUndefined();
    expect(genreLabel('Filmhuis', 'nl')).toBeUndefined();
    expect(topicLabel('revenge', 'de')).toBeUndefined();
  });
});
