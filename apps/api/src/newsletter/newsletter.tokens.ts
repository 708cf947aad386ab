export const NEWSLETTER_LINKS = Symbol('NewsletterLinks');
