import { NewsletterMessageSchema } from '@marquee/domain';
import { filmWith, screeningAt } from '../../../../test/support/screenings';
import { catalogueOf, newsletterTestSettings, plannerFor, subscriber, unitVector } from '../../../../test/support/newsletter';
import { NewsletterLinks } from '../planning/newsletter-links';
import { NewsletterRenderer } from './newsletter-renderer';

const now = new Date('2026-12-03T12:00:00Z');
const HOSTILE = `<script>alert("x")</script> & "quotes" 'single'`;
const liked = filmWith('liked', [screeningAt('liked-s', '2026-12-10T20:00:00+01:00', 'gent')], { spokenLanguages: ['en'] });
const hostile = filmWith(
  'hostile',
  [
    screeningAt('hostile-s1', '2026-12-11T20:00:00+01:00', 'gent', {
      venue: { name: '<b>Sphinx</b>', city: 'Gent', country: 'BE' },
    }),
    screeningAt('hostile-s2', '2026-12-12T20:00:00+01:00', 'gent', { bookingUrl: 'https://tickets.example.org/buy?id=7&seat="a"' }),
  ],
  {
    titles: { en: HOSTILE },
    synopses: { en: `<img src=x onerror=alert(1)> ${HOSTILE}` },
    image: 'https://images.example.org/poster.jpg?a=1&b=2',
    url: 'https://cinema.example.org/films/hostile',
    spokenLanguages: ['en'],
    popularity: 10,
  },
);
const catalogue = catalogueOf([
  [liked, unitVector(1, 0)],
  [hostile, unitVector(0.9, 0.1)],
  [
    filmWith('other', [screeningAt('other-s', '2026-12-12T20:00:00+01:00', 'gent')], { spokenLanguages: ['en'], popularity: 5 }),
    unitVector(0, 1),
  ],
]);
const links = new NewsletterLinks(newsletterTestSettings.links);

const render = async () => {
  const plan = plannerFor(catalogue, {}, now).plan(subscriber('reader-1', { liked: ['liked'] }));
  if (plan.kind !== 'newsletter') throw new Error(plan.reason);
  const renderer = await NewsletterRenderer.create((n) => links.previewUrl(n.userId, n, 'text'));
  return renderer.render(plan.newsletter, plan.language);
};

describe('NewsletterRenderer', () => {
  it('escapes every value it puts in the HTML and keeps only http(s) links', async () => {
    const { html } = await render();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Sphinx</b>');
    expect(links.tracked('javascript:alert(1)', '2026-W50', 'rid', 'hostile')).toBeUndefined();
    expect(links.tracked('data:text/html,x', '2026-W50', 'rid', 'hostile')).toBeUndefined();
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; &#x27;single&#x27;');
    expect(html).toContain('&lt;b&gt;Sphinx&lt;/b&gt;');
    // Attribute values stay inside their quotes: the booking link's own quote is escaped.
    expect(html).toMatch(/href="https:\/\/tickets\.example\.org\/buy\?id&#x3D;7&amp;seat&#x3D;%22a%22&amp;mq_rid/);
  });

  it('writes a responsive HTML mail, a plain-text alternative and a JSON rendering that the topic schema accepts', async () => {
    const message = await render();
    expect(message.html).toMatch(/^<!doctype html>/i);
    expect(message.html).toContain('@media only screen and (min-width:480px)');
    expect(message.html).toContain('lang="en"');
    expect(message.text).toContain(`* ${HOSTILE}`);
    expect(message.text).toContain('Because you liked liked');
    expect(message.text).toMatch(/Thu 10 Dec|Fri 11 Dec/);
    expect(message.text).toContain(`Unsubscribe: ${message.unsubscribeUrl}`);
    expect(NewsletterMessageSchema.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
    expect(message.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await render()).contentHash).toBe(message.contentHash);
  });

  it('carries List-Unsubscribe with a mailto and a signed https link, one-click List-Unsubscribe-Post and List-Id', async () => {
    const { headers, unsubscribeUrl } = await render();
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(headers['List-Id']).toBe('"Marquee picks" <newsletter.marquee.localhost>');
    const [mailto, https] = headers['List-Unsubscribe'].split(', ').map((part) => part.replace(/^<|>$/g, ''));
    expect(mailto).toMatch(/^mailto:unsubscribe@marquee\.localhost\?subject=unsubscribe%20reader-1%20/);
    expect(https).toBe(unsubscribeUrl);
    const url = new URL(https);
    expect(url.origin + url.pathname).toBe('https://marquee.example.org/newsletter/unsubscribe');
    expect(url.searchParams.get('user')).toBe('reader-1');
    expect(links.verify('reader-1', url.searchParams.get('token') as string)).toBe(true);
    expect(links.verify('reader-2', url.searchParams.get('token') as string)).toBe(false);
    for (const value of Object.values(headers)) expect(value).not.toMatch(/[\r\n]/);
  });
});
