import { createHash } from 'node:crypto';
import type { Newsletter, NewsletterMessage } from '@marquee/domain';
import type { NewsletterLanguage } from '@marquee/text';
import { HtmlRenderer } from './html-renderer';
import { NEWSLETTER_MJML } from './newsletter.mjml';
import { newsletterView } from './newsletter-view';
import { renderText } from './text-renderer';

/** The three renderings of a planned newsletter, and the hash that identifies them. */
export class NewsletterRenderer {
  private constructor(
    private readonly html: HtmlRenderer,
    private readonly textUrl: (newsletter: Newsletter) => string,
  ) {}

  /** Names the templates: the renderings are a function of the newsletter and of them. */
  private static readonly TEMPLATES = createHash('sha256')
    .update(NEWSLETTER_MJML)
    .update(newsletterView.toString())
    .update(renderText.toString())
    .digest('hex');

  /** Compiles the edition's MJML once. `textUrl`: where the mail's "text version" link points. */
  static async create(textUrl: (newsletter: Newsletter) => string): Promise<NewsletterRenderer> {
    return new NewsletterRenderer(await HtmlRenderer.compile(), textUrl);
  }

  render(newsletter: Newsletter, language: NewsletterLanguage): NewsletterMessage {
    const textUrl = this.textUrl(newsletter);
    const view = newsletterView(newsletter, language, textUrl);
    const html = this.html.render(view);
    const text = renderText(view);
    // The HTML and text are functions of the newsletter, its text link, the locale (prices) and the templates: hashing
    // those instead of 20 KB of HTML per mail (a third of rendering) names the same content.
    const contentHash = createHash('sha256')
      .update(NewsletterRenderer.TEMPLATES)
      .update('\u0000')
      .update(JSON.stringify(newsletter))
      .update('\u0000')
      .update(textUrl)
      .update('\u0000')
      .update(language.locale)
      .digest('hex');
    return { ...newsletter, html, text, contentHash };
  }
}
