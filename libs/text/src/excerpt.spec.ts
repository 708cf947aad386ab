import { excerpt } from './excerpt';

describe('excerpt', () => {
  it('keeps a text that fits whole', () => {
    expect(excerpt('Een dansgezelschap op tournee.', 300)).toBe('Een dansgezelschap op tournee.');
  });

  it('cuts a long text at a word boundary, within the limit, with an ellipsis', () => {
    const text = 'The troupe rehearses in Gent, travels to Antwerpen and performs in Brussel. '.repeat(20);
    const cut = excerpt(text, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('…')).toBe(true);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    // The word before the ellipsis is a whole word of the text.
    const lastWord = cut.slice(0, -1).split(' ').pop() as string;
    expect(text.split(/[\s]+/).map((w) => w.replace(/[.,]$/, ''))).toContain(lastWord);
  });

  it('cuts a text without spaces at the limit, never inside a surrogate pair', () => {
    const emoji = '🎬'.repeat(200);
    const cut = excerpt(emoji, 51);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut.slice(0, -1)).toBe('🎬'.repeat(cut.slice(0, -1).length / 2));
    const chinese = '电影讲述了一个舞蹈团的故事'.repeat(40);
    expect(excerpt(chinese, 300)).toHaveLength(300);
  });
});
