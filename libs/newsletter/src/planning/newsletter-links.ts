import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface NewsletterLinkOptions {
  /** Public base URL of Marquee (unsubscribe page and one-click endpoint). */
  publicUrl: string;
  /** Key of the unsubscribe links' signatures: nobody unsubscribes someone else. */
  signingKey: string;
  /** Mailbox of List-Unsubscribe's mailto. */
  unsubscribeMailbox: string;
  /** List-Id's domain, e.g. `newsletter.example.org`. */
  listDomain: string;
  listName: string;
}

/** A UUID (RFC 9562 version 8: custom) from a hash, so a rerun produces the very same mail. */
export const deterministicUuid = (...parts: string[]): string => {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** Links and headers of newsletters: tracked links, signed unsubscribe links, the List-* headers. */
export class NewsletterLinks {
  private readonly base: string;

  constructor(private readonly options: NewsletterLinkOptions) {
    this.base = options.publicUrl.replace(/\/+$/, '');
  }

  recommendationId(edition: string, userId: string): string {
    return deterministicUuid('newsletter', edition, userId);
  }

  /** The id of the `sent` interaction of a mail: a republished one is dropped by consumers (idempotent by interactionId). */
  sentInteractionId(edition: string, userId: string): string {
    return deterministicUuid('sent', edition, userId);
  }

  /** A film or booking link carrying what `POST /feedback` needs to attribute the click; only http(s) links are kept. */
  tracked(url: string | undefined, edition: string, recommendationId: string, filmId: string): string | undefined {
    if (!url) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    parsed.searchParams.set('mq_rid', recommendationId);
    parsed.searchParams.set('mq_film', filmId);
    parsed.searchParams.set('utm_source', 'newsletter');
    parsed.searchParams.set('utm_campaign', edition);
    return parsed.toString();
  }

  token(userId: string): string {
    return createHmac('sha256', this.options.signingKey).update(`unsubscribe\u0000${userId}`).digest('base64url').slice(0, 32);
  }

  verify(userId: string, token: string): boolean {
    const expected = Buffer.from(this.token(userId));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  unsubscribeUrl(userId: string, edition: string): string {
    const params = new URLSearchParams({ user: userId, edition, token: this.token(userId) });
    return `${this.base}/newsletter/unsubscribe?${params.toString()}`;
  }

  /** The preview of a user's newsletter (API key): the mail's "text version" link, the editor's page. */
  previewUrl(userId: string, edition: { edition: string; from: string; to: string }, format: 'html' | 'text'): string {
    const params = new URLSearchParams({ edition: edition.edition, from: edition.from, to: edition.to, format });
    return `${this.base}/users/${encodeURIComponent(userId)}/newsletter/preview?${params.toString()}`;
  }

  /**
   * What a mailer adds to the mail: List-Unsubscribe with a mailto and the one-click https link
   * (RFC 2369), List-Unsubscribe-Post for one-click unsubscribing (RFC 8058), List-Id (RFC 2919).
   */
  headers(userId: string, edition: string): Record<string, string> {
    const mailto = `mailto:${this.options.unsubscribeMailbox}?subject=${encodeURIComponent(`unsubscribe ${userId} ${this.token(userId)}`)}`;
    const listName = this.options.listName.replace(/["\\\r\n]/g, '');
    return {
      'List-Unsubscribe': `<${mailto}>, <${this.unsubscribeUrl(userId, edition)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `"${listName}" <${this.options.listDomain}>`,
    };
  }
}
