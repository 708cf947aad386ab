import { filmWith, screeningAt } from '../../../../test/support/screenings';
import { explanationLanguage } from '@marquee/text';
import { explain } from './explanations';
import { SalientWords } from './salient-words';

// 00:30 in Roeselare on Wednesday the 25th is still Tuesday the 24th in UTC.
const afterMidnight = screeningAt('s', '2026-03-25T00:30:00+01:00', 'gent');
const evening = { ...screeningAt('s', '2026-03-24T20:00:00+01:00', 'gent'), venue: { name: 'De Spil', city: 'Roeselare', country: 'BE' } };

const invasion = filmWith('invasion', [], { directors: ['Sergei Loznitsa'], tags: ['war', 'exile', 'family'], genres: ['Documentary'] });
const maidan = filmWith('maidan', [evening], {
  directors: ['Sergei Loznitsa'],
  tags: ['Exile', 'protest', 'family'],
  genres: ['Documentary'],
});

describe('explain', () => {
  it('says what the films share and when and where the result screens, in English by default', () => {
    expect(explain({ reference: invasion, candidate: maidan, screening: evening }, explanationLanguage([]))).toEqual([
      'Same director: Sergei Loznitsa',
      'Also about migration and family',
      'Screens Tue 24 Mar in Roeselare',
    ]);
  });

  it('speaks Dutch and French, and falls back to English for other languages', () => {
    const input = { reference: invasion, candidate: maidan, screening: evening };
    expect(explain(input, explanationLanguage(['nl-BE', 'en']))).toEqual([
      'Zelfde regisseur: Sergei Loznitsa',
      'Ook over migratie en familie',
      'Speelt di 24 mrt in Roeselare',
    ]);
    expect(explain(input, explanationLanguage(['fr']))).toEqual([
      'Même réalisateur\u00a0: Sergei Loznitsa',
      'Parle aussi de\u00a0: la migration et la famille',
      'Projeté le mar. 24 mars à Roeselare',
    ]);
    expect(explain(input, explanationLanguage(['de', 'fr']))[0]).toBe('Même réalisateur\u00a0: Sergei Loznitsa');
    expect(explain(input, explanationLanguage(['de', 'es']))[0]).toBe('Same director: Sergei Loznitsa');
  });

  it("dates a screening on the venue's clock, whatever the server's time zone", () => {
    const [when] = explain({ candidate: maidan, screening: afterMidnight }, explanationLanguage(['en']));
    expect(when).toBe('Screens Wed 25 Mar in Gent');
  });

  it('names shared cast, falls back to shared genres, and reports the distance to the visitor', () => {
    const a = filmWith('a', [], { cast: ['Isabelle Huppert', 'Benoît Magimel'], genres: ['Drama'] });
    const b = filmWith('b', [], { cast: ['benoit magimel'], genres: ['Drama', 'Crime'] });
    expect(explain({ reference: a, candidate: b }, explanationLanguage(['en']))).toEqual(['Also starring benoit magimel']);
    const c = filmWith('c', [], { genres: ['drama'] });
    expect(explain({ reference: a, candidate: c, screening: evening, distanceKm: 12.4 }, explanationLanguage(['nl']))).toEqual([
      'Zelfde genre: drama',
      'Speelt di 24 mrt in Roeselare',
      'Op 12 km van jou',
    ]);
  });

  it('explains with rare words both synopses share when films share no tags', () => {
    const reference = filmWith('r', [], {
      synopses: { en: 'A household leaves Morocco and crosses the border with a smuggler, their journey filmed over years.' },
    });
    const candidate = filmWith('c', [], {
      synopses: {
        en: 'Years after the border closed, a household and its smuggler remember Morocco.',
        nl: 'Een huishouden en een smokkelaar.',
      },
    });
    const other = filmWith('o', [], { synopses: { en: 'A household comedy about a wedding and years of feuding.' } });
    const words = new SalientWords([reference, candidate, other]);
    const [about] = explain({ reference, candidate, salientWords: words }, explanationLanguage(['en']));
    // "household" is in every synopsis, "years" is a stop word: neither says why these two belong together.
    expect(about).toMatch(/^Also about /);
    expect(about).not.toMatch(/household|years/);
    const shared = words.shared(reference, candidate, 3);
    expect(shared.sort()).toEqual(['border', 'morocco', 'smuggler']);
    const topics = about.replace('Also about ', '').split(' and ');
    expect(topics).toHaveLength(2);
    for (const topic of topics) expect(shared).toContain(topic);
  });

  it("names shared themes in the reader's language, whatever languages the synopses are in", () => {
    const loznitsa = filmWith('invasion', [], {
      synopses: { nl: 'Oekraïne na de Russische invasie: burgers leven met de oorlog en organiseren het verzet.' },
      genres: ['Documentary'],
    });
    const armyOfShadows = filmWith('army-of-shadows', [evening], {
      synopses: { en: 'In occupied France, members of the Resistance wage a clandestine war against the Nazis.' },
      genres: ['Drama', 'War'],
    });
    const input = { reference: loznitsa, candidate: armyOfShadows, screening: evening };
    expect(explain(input, explanationLanguage(['nl-BE']))[0]).toBe('Ook over oorlog en verzet');
    expect(explain(input, explanationLanguage(['en']))[0]).toBe('Also about war and resistance');
    expect(explain(input, explanationLanguage(['fr']))[0]).toBe('Parle aussi de\u00a0: la guerre et la résistance');
  });

  it('gives no theme two films do not share, and falls back to genres', () => {
    const dance = filmWith('dance', [], { synopses: { nl: 'Een dansgezelschap repeteert een nieuwe voorstelling.' }, genres: ['Drama'] });
    const heist = filmWith('heist', [], { synopses: { en: 'Four strangers plan one last job.' }, genres: ['Drama'] });
    expect(explain({ reference: dance, candidate: heist }, explanationLanguage(['nl']))).toEqual(['Zelfde genre: drama']);
  });

  it("names shared tags in the reader's language and leaves out tags it has no name for", () => {
    const a = filmWith('a', [], { tags: ['revenge', 'duringcreditsstinger', 'relationships', 'prison'], genres: ['Comedy'] });
    const b = filmWith('b', [], { tags: ['Prison', 'relationships', 'duringcreditsstinger', 'revenge'], genres: ['Comedy'] });
    expect(explain({ reference: a, candidate: b }, explanationLanguage(['nl']))).toEqual(['Ook over de gevangenis en wraak']);
    expect(explain({ reference: a, candidate: b }, explanationLanguage(['en']))).toEqual(['Also about prison and revenge']);
    expect(explain({ reference: a, candidate: b }, explanationLanguage(['fr']))).toEqual([
      'Parle aussi de\u00a0: la prison et la vengeance',
    ]);
    // Only unnamed tags in common: no topic, the genre in the reader's words instead.
    const c = filmWith('c', [], { tags: ['relationships', 'duringcreditsstinger'], genres: ['Comedy', 'Filmhuis'] });
    expect(explain({ reference: a, candidate: c }, explanationLanguage(['nl']))).toEqual(['Zelfde genre: komedie']);
    expect(explain({ reference: a, candidate: c }, explanationLanguage(['fr']))).toEqual(['Même genre\u00a0: comédie']);
  });

  it("takes salient words only from synopses in the reader's language", () => {
    const backstage = filmWith('backstage', [], {
      synopses: { en: 'Relationships strain and reality bites as the troupe rehearses.', nl: 'Een gezelschap op tournee.' },
      genres: ['Drama'],
    });
    const blue = filmWith('blue', [], {
      synopses: { en: 'After the accident her relationships fade and reality recedes.' },
      genres: ['Drama'],
    });
    const words = new SalientWords([backstage, blue, filmWith('x', [], { synopses: { en: 'A comedy.' } })]);
    const input = { reference: backstage, candidate: blue, salientWords: words };
    expect(explain(input, explanationLanguage(['en']))).toEqual(['Also about relationships and reality']);
    expect(explain(input, explanationLanguage(['nl']))).toEqual(['Zelfde genre: drama']);
    expect(words.shared(backstage, blue, 2, 'nl')).toEqual([]);
  });
});
