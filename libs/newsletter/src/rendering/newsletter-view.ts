import type { Newsletter, NewsletterPick } from '@marquee/domain';
import type { NewsletterLanguage } from '@marquee/text';

export interface PickView {
  title: string;
  url?: string;
  image?: string;
  synopsis?: string;
  explanations: string[];
  bookLabel: string;
  screenings: { when: string; venue: string; city: string; price?: string; bookingUrl?: string }[];
}

/** What both the HTML and the text rendering show: the newsletter with every value in the reader's words. */
export interface NewsletterView {
  lang: string;
  subject: string;
  preheader: string;
  heading: string;
  textUrl: string;
  textLabel: string;
  sections: { title: string; picks: PickView[] }[];
  why: string;
  unsubscribeUrl: string;
  unsubscribeLabel: string;
}

const priceFormats = new Map<string, Intl.NumberFormat>();

const formatPrice = (price: { amount: number; currency: string }, { locale, newsletter }: NewsletterLanguage): string => {
  if (price.amount === 0) return newsletter.free;
  const key = `${locale}|${price.currency}`;
  let format = priceFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency });
    priceFormats.set(key, format);
  }
  return format.format(price.amount);
};

const pickView = (pick: NewsletterPick, language: NewsletterLanguage): PickView => ({
  title: pick.title,
  url: pick.url,
  image: pick.image,
  synopsis: pick.synopsis,
  explanations: pick.explanations,
  bookLabel: language.newsletter.book,
  screenings: pick.screenings.map((s) => ({
    when: s.localStart,
    venue: s.venue,
    city: s.city,
    price: s.price && formatPrice(s.price, language),
    bookingUrl: s.bookingUrl,
  })),
});

export const newsletterView = (newsletter: Newsletter, language: NewsletterLanguage, textUrl: string): NewsletterView => {
  const words = language.newsletter;
  const sections = [
    { title: words.personalSection, picks: newsletter.picks.filter((p) => p.section === 'personal') },
    { title: words.popularSection, picks: newsletter.picks.filter((p) => p.section === 'popular') },
  ]
    .filter((s) => s.picks.length > 0)
    .map((s) => ({ title: s.title, picks: s.picks.map((p) => pickView(p, language)) }));
  return {
    lang: newsletter.language,
    subject: newsletter.subject,
    preheader: words.preheader(newsletter.picks.length),
    heading: words.heading,
    textUrl,
    textLabel: words.textVersion,
    sections,
    why: words.whyYouGetThis,
    unsubscribeUrl: newsletter.unsubscribeUrl,
    unsubscribeLabel: words.unsubscribe,
  };
};
