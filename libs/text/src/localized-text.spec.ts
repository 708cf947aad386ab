import { parseAcceptLanguage, pickLocalized } from './localized-text';

describe('pickLocalized', () => {
  const texts = { nl: 'Andere evenementen', en: 'Other events', 'pt-BR': 'Outros eventos' };

  it('follows the reader preference, then regional fallback, then English, then anything', () => {
    expect(pickLocalized(texts, ['nl-BE', 'en'])).toEqual({ lang: 'nl', text: 'Andere evenementen' });
    expect(pickLocalized(texts, ['pt'])).toEqual({ lang: 'pt-BR', text: 'Outros eventos' });
    expect(pickLocalized(texts, ['ar'])).toEqual({ lang: 'en', text: 'Other events' });
    expect(pickLocalized({ ar: 'كواليس' }, ['nl'])).toEqual({ lang: 'ar', text: 'كواليس' });
    expect(pickLocalized({}, ['nl'])).toBeUndefined();
  });
});

describe('parseAcceptLanguage', () => {
  it('orders by quality and drops junk', () => {
    expect(parseAcceptLanguage('fr;q=0.5, nl-BE, en;q=0.8, *;q=0.1, <script>')).toEqual(['nl-BE', 'en', 'fr']);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });
});
