import type { Film, Screening } from '@marquee/domain';
import { fold, genreLabel, primaryLanguage, themeLabel, topicLabel, type ExplanationLanguage } from '@marquee/text';
import { sharedThemes } from './film-themes';
import type { SalientWords } from './salient-words';

export interface ExplanationInput {
  /** The film the result relates to; absent for search. */
  reference?: Film;
  candidate: Film;
  /** The first screening that matches the request. */
  screening?: Screening;
  /** Distance from the visitor to that screening, when the visitor gave a position. */
  distanceKm?: number;
  salientWords?: SalientWords;
}

const MAX_NAMES = 2;
const MAX_TOPICS = 3;
const MAX_THEMES = 2;

/** Values of `candidate` (in its spelling and order) that `reference` also has, compared folded. */
const sharedValues = (reference: readonly string[], candidate: readonly string[]): string[] => {
  const wanted = new Set(reference.map(fold));
  return candidate.filter((value) => wanted.has(fold(value)));
};

/** Names of `values` in the reader's language, without repeats; values with no such name are left out. */
const labelled = (values: readonly string[], label: (value: string) => string | undefined, count: number): string[] =>
  [...new Set(values.flatMap((value) => label(value) ?? []))].slice(0, count);

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "Tue 24 Mar", "di 24 mrt", "mar. 24 mars": the day on the venue's clocks, in the reader's words. */
const screeningDay = (screening: Screening, locale: string): string => {
  const key = `${locale}|${screening.timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: screening.timeZone });
    dateFormats.set(key, format);
  }
  return format.format(Date.parse(screening.start));
};

const listFormats = new Map<string, Intl.ListFormat>();

/** "oorlog en verzet", "war and resistance": a list in the reader's words. */
const joined = (items: string[], locale: string): string => {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale, { type: 'conjunction' });
    listFormats.set(locale, format);
  }
  return format.format(items);
};

const kilometres = (km: number, locale: string): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km);

/**
 * Short reasons for one result, most specific first (a widget shows the first):
 * shared director, shared cast, shared themes named in the reader's language (whatever languages the
 * synopses are in), else shared topics (tags named in the reader's language, else salient words of synopses
 * in it), else shared genres (named in it); then when and where it screens, and how far that is from the visitor.
 */
export const explain = (input: ExplanationInput, { messages, locale }: ExplanationLanguage): string[] => {
  const { reference, candidate, screening } = input;
  const reasons: string[] = [];
  if (reference) {
    const directors = sharedValues(reference.directors, candidate.directors).slice(0, MAX_NAMES);
    if (directors.length) reasons.push(messages.sameDirector(directors.join(', ')));
    const cast = sharedValues(reference.cast, candidate.cast).slice(0, MAX_NAMES);
    if (cast.length) reasons.push(messages.sharedCast(cast.join(', ')));
    const language = primaryLanguage(locale);
    const themes = sharedThemes(reference, candidate, MAX_THEMES);
    if (themes.length) {
      reasons.push(
        messages.alsoAbout(
          joined(
            themes.map((theme) => themeLabel(theme, language)),
            locale,
          ),
        ),
      );
    } else {
      // Tags and salient words only in the reader's words: "Ook over relationships" under a Dutch page reads as a bug.
      let topics = labelled(sharedValues(reference.tags, candidate.tags), (tag) => topicLabel(tag, language), MAX_TOPICS);
      if (topics.length === 0 && input.salientWords) topics = input.salientWords.shared(reference, candidate, 2, language);
      if (topics.length) reasons.push(messages.alsoAbout(joined(topics, locale)));
    }
    const genres = labelled(sharedValues(reference.genres, candidate.genres), (genre) => genreLabel(genre, language), MAX_NAMES);
    if (reasons.length === 0 && genres.length) reasons.push(messages.sameGenre(genres.join(', ')));
  }
  if (screening) reasons.push(messages.screens(screeningDay(screening, locale), screening.venue.city));
  if (input.distanceKm !== undefined) reasons.push(messages.distance(kilometres(input.distanceKm, locale)));
  return reasons;
};
