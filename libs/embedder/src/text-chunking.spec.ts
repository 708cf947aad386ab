import { splitIntoPieces } from './text-chunking';

describe('splitIntoPieces', () => {
  it('returns text that fits as one piece', () => {
    expect(splitIntoPieces('A short synopsis. Two sentences.', 100)).toEqual(['A short synopsis. Two sentences.']);
  });

  it('splits long text on sentence boundaries in any script', () => {
    expect(splitIntoPieces('First sentence here. Second one? Third!', 25)).toEqual(['First sentence here.', 'Second one?', 'Third!']);
    expect(splitIntoPieces('東京の夜。二人が出会う。物語が始まる。', 8)).toEqual(['東京の夜。', '二人が出会う。', '物語が始まる。']);
  });

  it('cuts an over-long sentence at spaces and an over-long word by code points', () => {
    expect(splitIntoPieces('one two three four five six', 10)).toEqual(['one two', 'three four', 'five six']);
    expect(splitIntoPieces('🎬🎬🎬🎬🎬', 2)).toEqual(['🎬🎬', '🎬🎬', '🎬']);
  });

  it('keeps every piece within the limit and every word of the text', () => {
    const text = 'The city sleeps. '.repeat(50) + 'Antidisestablishmentarianism '.repeat(3);
    const pieces = splitIntoPieces(text.trim(), 20);
    expect(pieces.every((piece) => Array.from(piece).length <= 20)).toBe(true);
    expect(pieces.join(' ').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });
});
