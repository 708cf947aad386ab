import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { NEWSLETTER_MJML } from './newsletter.mjml';
import type { NewsletterView } from './newsletter-view';

/**
 * The HTML rendering. MJML costs tens of milliseconds a mail, so an edition compiles it once
 * (`HtmlRenderer.compile`) into a Handlebars template that each subscriber's values fill, escaped.
 */
export class HtmlRenderer {
  private constructor(private readonly template: Handlebars.TemplateDelegate<NewsletterView>) {}

  static async compile(mjml: string = NEWSLETTER_MJML): Promise<HtmlRenderer> {
    const { html, errors } = await mjml2html(mjml, { validationLevel: 'strict', keepComments: false });
    if (errors.length) throw new Error(`newsletter template: ${errors.map((e) => e.formattedMessage).join('; ')}`);
    const handlebars = Handlebars.create();
    const template = handlebars.compile<NewsletterView>(html, {
      strict: false,
      preventIndent: true,
      knownHelpersOnly: true,
      knownHelpers: { each: true, if: true, unless: true },
    });
    return new HtmlRenderer(template);
  }

  render(view: NewsletterView): string {
    return this.template(view);
  }
}
