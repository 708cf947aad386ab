import type { NewsletterView } from './newsletter-view';

/** Control characters (but tab and newline) never reach a mail's text part. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const clean = (value: string): string => value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');

/** The plain-text alternative of the mail. */
export const renderText = (view: NewsletterView): string => {
  const lines: string[] = [clean(view.heading), ''];
  for (const section of view.sections) {
    lines.push(clean(section.title.toUpperCase()), '');
    for (const pick of section.picks) {
      lines.push(`* ${clean(pick.title)}`);
      if (pick.explanations.length) lines.push(`  ${clean(pick.explanations.join(' · '))}`);
      if (pick.synopsis) lines.push(`  ${clean(pick.synopsis)}`);
      for (const s of pick.screenings) {
        const price = s.price ? ` · ${s.price}` : '';
        lines.push(`  - ${clean(`${s.when} · ${s.venue}, ${s.city}${price}`)}`);
        if (s.bookingUrl) lines.push(`    ${pick.bookLabel}: ${s.bookingUrl}`);
      }
      if (pick.url) lines.push(`  ${pick.url}`);
      lines.push('');
    }
  }
  lines.push('--', clean(view.why), `${view.unsubscribeLabel}: ${view.unsubscribeUrl}`, '');
  return lines.join('\n');
};
