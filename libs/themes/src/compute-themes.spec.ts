import type { ThemeModel } from '@marquee/domain';
import { classTfIdf, namesIn } from './class-tf-idf';
import { computeThemes, themeLabel, type ThemeFilm, type ThemeSettings } from './compute-themes';
import { seededRandom } from '@marquee/random';
import { normalized } from './vectors';

const DIMENSION = 32;
const TOPICS = [
  {
    words: { en: 'mountain climbers glacier summit expedition', nl: 'bergen klimmers gletsjer', fr: 'montagne alpinistes glacier' },
    genre: 'Adventure',
  },
  {
    words: { en: 'refugees border migration asylum family', nl: 'vluchtelingen grens migratie', fr: 'refugies frontiere migration' },
    genre: 'Documentary',
  },
  {
    words: { en: 'detective murder investigation police night', nl: 'rechercheur moord onderzoek', fr: 'detective meurtre enquete' },
    genre: 'Crime',
  },
  {
    words: { en: 'robots spaceship planet galaxy future', nl: 'robots ruimteschip planeet', fr: 'robots vaisseau planete' },
    genre: 'Science Fiction',
  },
];

const settings = (overrides: Partial<ThemeSettings> = {}): ThemeSettings => ({
  kRange: { min: 2, max: 8, candidates: 7 },
  languages: ['nl', 'en', 'fr'],
  wordsPerLabel: 5,
  minMatchSimilarity: 0.8,
  shareTemperature: 0.02,
  silhouetteSample: 500,
  seed: 1,
  ...overrides,
});

const directions = (count: number, seed: number): Float32Array[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => normalized(Float32Array.from({ length: DIMENSION }, () => random() * 2 - 1)));
};

/** Films around a topic's direction, with the topic's words in their synopses. */
const filmsOf = (topics: number[], perTopic: number, seed: number, centres = directions(TOPICS.length + 1, 7)): ThemeFilm[] => {
  const random = seededRandom(seed);
  return topics.flatMap((t) =>
    Array.from({ length: perTopic }, (_, i) => {
      const vector = normalized(centres[t].map((x) => x + (random() - 0.5) * 0.25));
      const topic = TOPICS[t % TOPICS.length];
      return {
        id: `t${t}-f${i}-s${seed}`,
        vector,
        synopses: { en: `${topic.words.en} story`, 'nl-BE': `${topic.words.nl} verhaal`, fr: `${topic.words.fr} histoire` },
        genres: [topic.genre, 'Drama'],
      };
    }),
  );
};

const themeOfTopic = (model: ThemeModel, topic: number): string => {
  const votes = new Map<string, number>();
  for (const [filmId, shares] of Object.entries(model.shares)) {
    if (filmId.startsWith(`t${topic}-`)) votes.set(shares[0].themeId, (votes.get(shares[0].themeId) ?? 0) + 1);
  }
  return [...votes].sort((a, b) => b[1] - a[1])[0][0];
};

describe('computeThemes', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('chooses k by silhouette and labels each theme by its distinctive words per language and its genres', () => {
    const model = computeThemes(filmsOf([0, 1, 2, 3], 15, 1), settings(), undefined, now);
    expect(model.kChoice).toBe('silhouette');
    expect(model.themes).toHaveLength(4);
    expect(model.silhouette).toBeGreaterThan(0.5);
    const crime = model.themes.find((t) => t.id === themeOfTopic(model, 2));
    expect(crime?.words.en).toEqual(expect.arrayContaining(['detective', 'murder', 'investigation']));
    expect(crime?.words.en).not.toContain('story');
    expect(crime?.words.nl).toEqual(expect.arrayContaining(['rechercheur', 'onderzoek']));
    expect(crime?.genres[0]).toBe('crime');
    expect(crime?.genres).not.toContain('drama');
    expect(crime?.topFilmIds.every((id) => id.startsWith('t2-'))).toBe(true);
    expect(themeLabel(crime!, 'fr')).toMatch(/detective|meurtre|enquete/);
  });

  it('takes a configured k', () => {
    const model = computeThemes(filmsOf([0, 1, 2, 3], 10, 1), settings({ k: 2 }), undefined, now);
    expect(model.kChoice).toBe('configured');
    expect(model.themes).toHaveLength(2);
  });

  it("gives every film shares of its nearest themes that sum to 1, its own theme's first", () => {
    const model = computeThemes(filmsOf([0, 1, 2, 3], 10, 1), settings(), undefined, now);
    for (const shares of Object.values(model.shares)) {
      expect(shares.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 2);
      expect(shares[0].share).toBe(Math.max(...shares.map((s) => s.share)));
    }
    expect(Object.keys(model.shares)).toHaveLength(40);
  });

  it('keeps theme ids across a recomputation with other films, another order and another seed', () => {
    const first = computeThemes(filmsOf([0, 1, 2, 3], 15, 1), settings(), undefined, now);
    const films = filmsOf([0, 1, 2, 3], 18, 2).reverse();
    const second = computeThemes(films, settings({ seed: 99 }), first, now);
    expect(second.version).toBe(first.version + 1);
    for (const topic of [0, 1, 2, 3]) expect(themeOfTopic(second, topic)).toBe(themeOfTopic(first, topic));
    expect(second.nextThemeNumber).toBe(first.nextThemeNumber);
  });

  it('gives a new theme a new id and retires no id of a theme that stays', () => {
    const first = computeThemes(filmsOf([0, 1, 2], 15, 1), settings(), undefined, now);
    const second = computeThemes(filmsOf([0, 1, 2, 4], 15, 3), settings(), first, now);
    const kept = [0, 1, 2].map((t) => themeOfTopic(first, t));
    expect([0, 1, 2].map((t) => themeOfTopic(second, t))).toEqual(kept);
    const fresh = themeOfTopic(second, 4);
    expect(kept).not.toContain(fresh);
    expect(fresh).toBe(`theme-${first.nextThemeNumber}`);
  });
});

describe('classTfIdf', () => {
  it('ranks a word frequent in one class above a word frequent in every class', () => {
    const [first] = classTfIdf(
      [
        ['glacier', 'glacier', 'story', 'story', 'story'],
        ['border', 'border', 'story', 'story', 'story'],
      ],
      2,
    );
    expect(first).toEqual(['glacier', 'story']);
  });
});

describe('namesIn', () => {
  it('finds words capitalised inside sentences and never written in lower case, whatever opens a sentence', () => {
    const names = namesIn([
      'After the war, Chris returns to the village. Soldiers guard the border.',
      'A dancer meets Sam’s family in Gent. Dance is all she knows, and the dance school closes.',
      '"War" is what the soldiers of Gent call it.',
    ]);
    expect([...names].sort()).toEqual(['chris', 'gent', 'sam’s']);
  });

  it('keeps a common word that a title or a sentence start capitalises', () => {
    expect(namesIn(['The Dance of the wolves. Dance, they said, and the dance went on.']).has('dance')).toBe(false);
  });
});
