import { MAX_EMBEDDING_CHARS, PLACEHOLDER_TEXT, prepareSynopsisText, sanitizeText } from './text-preparation';

describe('sanitizeText', () => {
  it('turns line breaks and tabs into spaces, drops other control characters and collapses whitespace', () => {
    expect(sanitizeText('  A\tfilm\r\nabout\u0000 the\u0007 sea \u00a0\u3000 and\u2028 more  ')).toBe('A film about the sea and more');
    // a single other space, and runs that start with one, become one plain space
    expect(sanitizeText('a\u00a0b\u2009\u2009c  \u00a0d\u3000 e')).toBe('a b c d e');
  });

  it('normalises to NFC so composed and decomposed accents embed alike', () => {
    expect(sanitizeText('Cafe\u0301 de l’Amitie\u0301')).toBe('Café de l’Amitié');
  });

  it('drops invisible characters and lone surrogates but keeps emoji and mixed scripts', () => {
    expect(sanitizeText('\uFEFFZero\u200Bwidth \uD800 Москва 東京 مرحبا 🎬👩‍👩‍👧')).toBe('Zerowidth Москва 東京 مرحبا 🎬👩‍👩‍👧');
  });

  it('truncates a 100 KB synopsis instead of refusing it', () => {
    const synopsis = 'A long night in the city. '.repeat(4_000);
    const text = sanitizeText(synopsis);
    expect(text.length).toBeLessThanOrEqual(MAX_EMBEDDING_CHARS);
    expect(text.length).toBeGreaterThan(MAX_EMBEDDING_CHARS * 0.9);
    expect(text.endsWith(' ')).toBe(false);
  });

  it('never cuts a surrogate pair in half', () => {
    const text = sanitizeText('🎬'.repeat(20), 7);
    expect(text).toBe('🎬🎬🎬');
  });

  it('returns an empty string for nothing visible', () => {
    expect(sanitizeText(' \n\t\u0000 ')).toBe('');
    expect(sanitizeText(undefined)).toBe('');
    expect(sanitizeText(null)).toBe('');
  });
});

describe('prepareSynopsisText', () => {
  it('uses the sanitised synopsis when there is one', () => {
    expect(prepareSynopsisText({ synopsis: ' Two  friends\nmeet. ', title: 'Friends', genres: ['Drama'] })).toBe('Two friends meet.');
  });

  it('falls back to title, genres and tags for an empty synopsis', () => {
    expect(prepareSynopsisText({ synopsis: ' \n ', title: 'La Haine', genres: ['Drama', 'Crime'], tags: ['banlieue'] })).toBe(
      'La Haine. Drama, Crime, banlieue',
    );
    expect(prepareSynopsisText({ genres: ['Documentary'] })).toBe('Documentary');
  });

  it('falls back to the placeholder when nothing is left', () => {
    expect(prepareSynopsisText({ synopsis: '\u0000', title: '  ', genres: [' '] })).toBe(PLACEHOLDER_TEXT);
    expect(prepareSynopsisText({})).toBe(PLACEHOLDER_TEXT);
  });
});
