import { THEMES, themeLabel, themesOf } from './themes';

describe('themes', () => {
  it('finds a theme from synopsis words in any language, from genres and from tags', () => {
    expect(themesOf(['Oekraïne na de Russische invasie: burgers in oorlogstijd.'])).toEqual(['war']);
    expect(themesOf(['Une troupe de danseurs en tournée.'])).toEqual(expect.arrayContaining(['dance']));
    expect(themesOf(['Ein Film über den Widerstand.'])).toEqual(['resistance']);
    expect(themesOf([], ['War', 'History'])).toEqual(['war', 'history']);
    expect(themesOf([], [], ['dancing'])).toEqual(['dance']);
  });

  it('does not take a common word of another language for a theme word', () => {
    // French "dans" (in) is not Dutch "dans" (dance): only whole Dutch dance words count.
    expect(themesOf(['Il vit dans une petite ville avec son chat.'])).toEqual([]);
    expect(themesOf(['A quiet comedy about a chess tournament.'])).toEqual([]);
  });

  it('names every theme in English, Dutch and French, English for other languages', () => {
    for (const theme of THEMES) for (const language of ['en', 'nl', 'fr']) expect(themeLabel(theme.id, language)).toMatch(/\p{L}/u);
    expect(themeLabel('war', 'nl')).toBe('oorlog');
    expect(themeLabel('war', 'de')).toBe('war');
    expect(() => themeLabel('nope', 'en')).toThrow(/unknown theme/);
  });
});
