/*
 * <marquee-related event-id="invasion-loznitsa-2024" limit="3" lang="nl" api-base="https://marquee.example">
 * <marquee-related mode="for-you" user-id="visitor-42" limit="4" lang="nl">   (a personal block)
 * Marquee's embeddable "other events you might like" block. One dependency-free file: Shadow DOM,
 * styles through a constructed stylesheet (so host pages need no 'unsafe-inline'), theming through
 * CSS custom properties (--marquee-*) and ::part(), labels in nl, en, fr and de.
 */
(() => {
  'use strict';

  const TAG = 'marquee-related';
  if (customElements.get(TAG)) return;

  // The script's own origin is the API's unless the page says otherwise (api-base).
  const SCRIPT_ORIGIN = (() => {
    try {
      return new URL(document.currentScript.src).origin;
    } catch {
      return location.origin;
    }
  })();

  const LABELS = {
    nl: {
      heading: 'Andere evenementen die je zouden kunnen interesseren',
      loading: 'Gerelateerde evenementen laden…',
      empty: 'Geen komende gerelateerde evenementen.',
      error: 'De gerelateerde evenementen konden niet worden geladen.',
      forYouHeading: 'Voor jou',
      forYouEmpty: 'Nog geen aanbevelingen voor jou.',
    },
    en: {
      heading: 'Other events you might like',
      loading: 'Loading related events…',
      empty: 'No upcoming related events.',
      error: 'Related events could not be loaded.',
      forYouHeading: 'For you',
      forYouEmpty: 'No recommendations for you yet.',
    },
    fr: {
      heading: 'D’autres événements qui pourraient vous intéresser',
      loading: 'Chargement des événements similaires…',
      empty: 'Aucun événement similaire à venir.',
      error: 'Impossible de charger les événements similaires.',
      forYouHeading: 'Pour vous',
      forYouEmpty: 'Pas encore de recommandations pour vous.',
    },
    de: {
      heading: 'Weitere Veranstaltungen, die Sie interessieren könnten',
      loading: 'Ähnliche Veranstaltungen werden geladen…',
      empty: 'Keine kommenden ähnlichen Veranstaltungen.',
      error: 'Ähnliche Veranstaltungen konnten nicht geladen werden.',
      forYouHeading: 'Für Sie',
      forYouEmpty: 'Noch keine Empfehlungen für Sie.',
    },
  };

  const DEFAULT_LIMIT = 3;
  const MAX_LIMIT = 12;
  const REQUEST_TIMEOUT_MS = 10_000;
  const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
  /** The API's pseudonymous user ids; anything else is not sent. */
  const USER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

  const STYLES = `
    :host {
      display: block;
      container-type: inline-size;
      --_accent: var(--marquee-accent, #b3261e);
      --_text: var(--marquee-text, #1d1b20);
      --_muted: var(--marquee-muted, #5f5868);
      --_card-bg: var(--marquee-card-bg, #fff);
      --_border: var(--marquee-card-border, 1px solid rgb(0 0 0 / 0.08));
      --_radius: var(--marquee-radius, 0.75rem);
      --_gap: var(--marquee-gap, 1rem);
      --_focus: var(--marquee-focus-color, var(--_accent));
      font-family: var(--marquee-font, inherit);
      color: var(--_text);
      line-height: 1.4;
    }
    :host([hidden]) { display: none; }
    * { box-sizing: border-box; }
    section { margin: 0; }
    h1, h2, h3, h4, h5, h6 { margin: 0; }
    .heading {
      font-size: var(--marquee-heading-size, 1.25rem);
      font-weight: 700;
      margin-block-end: 0.75rem;
      color: var(--marquee-heading-color, var(--_text));
    }
    .heading::after {
      content: '';
      display: block;
      inline-size: 2.5rem;
      block-size: 3px;
      margin-block-start: 0.4rem;
      border-radius: 2px;
      background: var(--_accent);
    }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_gap); grid-template-columns: 1fr; }
    @container (min-width: 28rem) { ul { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    @container (min-width: 40rem) { ul { grid-template-columns: repeat(var(--marquee-columns, 3), minmax(0, 1fr)); } }
    /* Narrow containers (phones, sidebars): a compact row per event, the image as a thumbnail. */
    .card {
      position: relative;
      display: grid;
      grid-template-columns: minmax(5.5rem, 32%) minmax(0, 1fr);
      background: var(--_card-bg);
      border: var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
      box-shadow: var(--marquee-card-shadow, 0 1px 2px rgb(0 0 0 / 0.06), 0 2px 8px rgb(0 0 0 / 0.04));
      transition: box-shadow 0.15s ease, transform 0.15s ease;
    }
    .card:has(a:hover) { box-shadow: var(--marquee-card-shadow-hover, 0 4px 16px rgb(0 0 0 / 0.12)); }
    .card:focus-within { outline: 3px solid var(--_focus); outline-offset: 2px; }
    .media { background: #ddd; overflow: hidden; min-block-size: 100%; }
    .card .synopsis { display: none; }
    @container (min-width: 28rem) {
      .card { display: flex; flex-direction: column; }
      .media { aspect-ratio: var(--marquee-image-ratio, 16 / 9); min-block-size: 0; }
      .card .synopsis { display: -webkit-box; }
    }
    .media img { display: block; inline-size: 100%; block-size: 100%; object-fit: cover; }
    .placeholder {
      display: grid;
      place-items: center;
      inline-size: 100%;
      block-size: 100%;
      color: rgb(255 255 255 / 0.85);
      background: var(--marquee-placeholder-bg,
        linear-gradient(135deg, hsl(var(--hue, 350) 38% 38%), hsl(calc(var(--hue, 350) + 35) 45% 20%)));
    }
    .placeholder svg { inline-size: 2rem; block-size: 2rem; opacity: 0.8; }
    @container (min-width: 28rem) { .placeholder svg { inline-size: 2.75rem; block-size: 2.75rem; } }
    .body { display: flex; flex-direction: column; gap: 0.2rem; padding: 0.8rem 0.9rem 1rem; flex: 1; }
    .title { font-size: var(--marquee-title-size, 1.05rem); font-weight: 650; line-height: 1.25; margin-block-end: 0.2rem; }
    .title a { color: inherit; text-decoration: none; border-radius: 2px; }
    .title a::after { content: ''; position: absolute; inset: 0; }
    .title a:hover { color: var(--_accent); text-decoration: underline; text-underline-offset: 0.15em; }
    .title a:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; text-decoration: underline; }
    .date { font-weight: 600; color: var(--_accent); font-size: 0.92rem; }
    .date span { white-space: nowrap; }
    .venue, .place { color: var(--_muted); font-size: 0.9rem; margin: 0; }
    .explanation {
      margin: 0.5rem 0 0;
      padding: 0.15rem 0.55rem;
      align-self: flex-start;
      font-size: 0.8rem;
      border-radius: 999px;
      color: var(--marquee-explanation-color, var(--_accent));
      background: var(--marquee-explanation-bg, color-mix(in srgb, var(--_accent) 10%, transparent));
    }
    .synopsis {
      margin: 0.4rem 0 0;
      color: var(--_muted);
      font-size: 0.85rem;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: var(--marquee-synopsis-lines, 3);
      overflow: hidden;
    }
    p { margin: 0; }
    .message { padding: 1rem; border-radius: var(--_radius); background: var(--_card-bg); border: var(--_border); color: var(--_muted); }
    .message.error { box-shadow: inset 4px 0 0 var(--_accent); }
    .skeleton .media, .skeleton .line { background: linear-gradient(90deg, #e8e6ea 25%, #f4f3f5 50%, #e8e6ea 75%) 0 0 / 200% 100%; animation: shimmer 1.4s linear infinite; }
    .skeleton .line { block-size: 0.8rem; border-radius: 4px; margin-block: 0.3rem; }
    .skeleton .line:nth-child(1) { inline-size: 80%; block-size: 1rem; }
    .skeleton .line:nth-child(2) { inline-size: 50%; }
    .skeleton .line:nth-child(3) { inline-size: 65%; }
    @keyframes shimmer { to { background-position: -200% 0; } }
    @media (prefers-reduced-motion: reduce) { .skeleton .media, .skeleton .line { animation: none; } .card { transition: none; } }
    .visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  `;

  const sheet = (() => {
    try {
      const constructed = new CSSStyleSheet();
      constructed.replaceSync(STYLES);
      return constructed;
    } catch {
      return null;
    }
  })();

  const el = (tag, attributes = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) if (value !== undefined && value !== null) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };

  const SVG_NS = 'http://www.w3.org/2000/svg';
  /** A film-frame pictogram for events without an image (built with DOM calls: no markup parsing, no CSP concerns). */
  const pictogram = () => {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('fill', 'none');
    svg.setAttribute('stroke', 'currentColor');
    svg.setAttribute('stroke-width', '1.5');
    for (const d of ['M3 5h18v14H3z', 'M7 5v14M17 5v14M3 9h4M3 15h4M17 9h4M17 15h4', 'M10.5 10l3 2-3 2z']) {
      const path = document.createElementNS(SVG_NS, 'path');
      path.setAttribute('d', d);
      svg.append(path);
    }
    return svg;
  };

  const safeUrl = (value, allowData = false) => {
    if (typeof value !== 'string') return undefined;
    try {
      const url = new URL(value, location.href);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
      if (allowData && url.protocol === 'data:' && /^data:image\//i.test(value)) return value;
    } catch {
      /* not a URL: no link */
    }
    return undefined;
  };

  const hueOf = (text) => {
    let hash = 0;
    for (const char of text) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
    return hash % 360;
  };

  /** Language tags to ask the API for, most preferred first. */
  const requestedLanguages = (attribute) => {
    const candidates = attribute ? [attribute] : [...(navigator.languages ?? []), navigator.language];
    const valid = candidates.filter((tag) => typeof tag === 'string' && LANGUAGE_TAG.test(tag));
    return [...new Set(valid)].slice(0, 5);
  };

  const labelLanguage = (languages) => {
    for (const tag of languages) {
      const primary = tag.toLowerCase().split('-')[0];
      if (LABELS[primary]) return primary;
    }
    return 'en';
  };

  /** The day and the time of a screening in the venue's time zone, in the reader's language. */
  const formatDate = (screening, locale) => {
    const date = new Date(screening.start);
    if (Number.isNaN(date.getTime())) return [];
    const options = { timeZone: screening.timeZone || undefined };
    try {
      const day = new Intl.DateTimeFormat(locale, { ...options, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(
        date,
      );
      const time = new Intl.DateTimeFormat(locale, { ...options, hour: 'numeric', minute: '2-digit' }).format(date);
      return [day, time];
    } catch {
      return [date.toLocaleString(locale)];
    }
  };

  /** Feedback must never disturb the page: every failure is swallowed. */
  const sendFeedback = (apiBase, payload) => {
    const url = `${apiBase}/feedback`;
    const body = JSON.stringify(payload);
    try {
      // A JSON beacon is only allowed without a CORS preflight on the page's own origin.
      if (new URL(url).origin === location.origin && navigator.sendBeacon?.(url, new Blob([body], { type: 'application/json' }))) return;
    } catch {
      /* fall through to fetch */
    }
    try {
      fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        keepalive: true,
        mode: 'cors',
        credentials: 'omit',
      }).catch(() => {});
    } catch {
      /* ignored */
    }
  };

  class MarqueeRelated extends HTMLElement {
    static get observedAttributes() {
      return ['event-id', 'user-id', 'mode', 'limit', 'lang', 'api-base', 'heading', 'heading-level', 'link-target'];
    }

    #root;
    #abort = null;
    #reloadQueued = false;
    #impressionsSent = new Set();
    #observer = null;

    constructor() {
      super();
      this.#root = this.attachShadow({ mode: 'open' });
      if (sheet) this.#root.adoptedStyleSheets = [sheet];
      else this.#root.append(el('style', {}, [STYLES]));
    }

    connectedCallback() {
      this.#queueReload();
    }

    disconnectedCallback() {
      this.#abort?.abort();
      this.#observer?.disconnect();
    }

    attributeChangedCallback(name, previous, next) {
      if (previous !== next && this.isConnected) this.#queueReload();
    }

    /** Reload the block now (e.g. after the host changed several attributes). */
    refresh() {
      return this.#load();
    }

    get #apiBase() {
      return (this.getAttribute('api-base') || SCRIPT_ORIGIN).replace(/\/+$/, '');
    }

    /** The site's pseudonymous id of the visitor: feedback carries it, and the for-you mode needs it. */
    get #userId() {
      const value = this.getAttribute('user-id');
      return value && USER_ID.test(value) ? value : undefined;
    }

    get #forYou() {
      return this.getAttribute('mode') === 'for-you';
    }

    /** Feedback with the visitor's id and the block it came from; the host page hears of it (`marquee-related:feedback`). */
    #feedback(apiBase, payload) {
      const userId = this.#userId;
      sendFeedback(apiBase, { ...payload, ...(userId ? { userId } : {}), ...(this.#forYou ? { context: { source: 'for-you' } } : {}) });
      this.dispatchEvent(new CustomEvent(`${TAG}:feedback`, { detail: { ...payload, userId }, bubbles: true, composed: true }));
    }

    get #limit() {
      const value = Number.parseInt(this.getAttribute('limit') ?? '', 10);
      return Number.isFinite(value) ? Math.min(Math.max(value, 1), MAX_LIMIT) : DEFAULT_LIMIT;
    }

    #queueReload() {
      if (this.#reloadQueued) return;
      this.#reloadQueued = true;
      // Attributes set one after the other by a script give one request, not several.
      queueMicrotask(() => {
        this.#reloadQueued = false;
        if (this.isConnected) this.#load();
      });
    }

    async #load() {
      this.#abort?.abort();
      const abort = new AbortController();
      this.#abort = abort;
      const languages = requestedLanguages(this.getAttribute('lang'));
      const lang = labelLanguage(languages);
      // The attribute is named for the listing site's event page; it holds the id of its film.
      const filmId = this.getAttribute('event-id');
      const userId = this.#userId;
      const forYou = this.#forYou;
      const limit = this.#limit;
      if (forYou ? !userId : !filmId) {
        // Nothing to relate to yet (a host page sets event-id or user-id later): render nothing.
        this.removeAttribute('state');
        this.#observer?.disconnect();
        this.#root.replaceChildren();
        return;
      }
      this.#renderLoading(lang, limit);
      try {
        const query = new URLSearchParams({ limit: String(limit) });
        if (languages.length) query.set('lang', languages.join(','));
        const url = forYou
          ? `${this.#apiBase}/users/${encodeURIComponent(userId)}/recommendations?${query}`
          : `${this.#apiBase}/events/${encodeURIComponent(filmId)}/related?${query}`;
        const timeout = setTimeout(() => abort.abort(new Error('the request timed out')), REQUEST_TIMEOUT_MS);
        let answer;
        try {
          const response = await fetch(url, { signal: abort.signal, headers: { accept: 'application/json' }, credentials: 'omit' });
          if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
          answer = await response.json();
        } finally {
          clearTimeout(timeout);
        }
        if (this.#abort !== abort) return;
        const results = Array.isArray(answer?.results) ? answer.results.slice(0, limit) : [];
        this.#renderResults(lang, languages[0] ?? lang, results, answer?.recommendationId);
        this.#emit(results.length ? 'ready' : 'empty', {
          eventId: forYou ? undefined : filmId,
          userId,
          coldStart: forYou ? Boolean(answer?.coldStart) : undefined,
          count: results.length,
          recommendationId: answer?.recommendationId,
        });
      } catch (error) {
        if (this.#abort !== abort) return;
        this.#renderMessage(lang, 'error');
        this.#emit('error', {
          eventId: forYou ? undefined : filmId,
          userId,
          status: error?.status,
          message: String(error?.message ?? error),
        });
      }
    }

    #emit(state, detail) {
      this.setAttribute('state', state);
      this.dispatchEvent(new CustomEvent(`${TAG}:${state}`, { detail, bubbles: true, composed: true }));
    }

    get #headingLevel() {
      return Math.min(Math.max(Number.parseInt(this.getAttribute('heading-level') ?? '2', 10) || 2, 1), 5);
    }

    #section(lang, busy) {
      const heading = el(`h${this.#headingLevel}`, { id: 'heading', class: 'heading', part: 'heading' }, [
        this.getAttribute('heading') || (this.#forYou ? LABELS[lang].forYouHeading : LABELS[lang].heading),
      ]);
      const section = el('section', { 'aria-labelledby': 'heading', 'aria-busy': String(busy), part: 'section', lang }, [heading]);
      this.#observer?.disconnect();
      this.#root.replaceChildren(section);
      return section;
    }

    #renderLoading(lang, count) {
      this.setAttribute('state', 'loading');
      const section = this.#section(lang, true);
      const skeletons = Array.from({ length: count }, () =>
        el('li', { class: 'card skeleton', 'aria-hidden': 'true' }, [
          el('div', { class: 'media' }),
          el('div', { class: 'body' }, [el('div', { class: 'line' }), el('div', { class: 'line' }), el('div', { class: 'line' })]),
        ]),
      );
      section.append(
        el('p', { class: 'visually-hidden', role: 'status' }, [LABELS[lang].loading]),
        el('ul', { role: 'list', part: 'list' }, skeletons),
      );
    }

    #renderMessage(lang, kind) {
      const section = this.#section(lang, false);
      section.append(
        el('p', { class: `message ${kind}`, part: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, [
          LABELS[lang][kind === 'empty' && this.#forYou ? 'forYouEmpty' : kind],
        ]),
      );
    }

    #renderResults(lang, locale, results, recommendationId) {
      if (!results.length) {
        this.#renderMessage(lang, 'empty');
        return;
      }
      const section = this.#section(lang, false);
      const apiBase = this.#apiBase;
      const target = this.getAttribute('link-target');
      const cards = results.map((result, index) => this.#card(result, index + 1, locale, target));
      const list = el('ul', { role: 'list', part: 'list' }, cards);
      if (recommendationId) {
        list.addEventListener('click', (event) => this.#reportClick(event, apiBase, recommendationId));
        list.addEventListener('auxclick', (event) => this.#reportClick(event, apiBase, recommendationId));
        this.#reportImpressionWhenSeen(section, apiBase, recommendationId, results);
      }
      section.append(list);
    }

    #card(result, position, locale, target) {
      const title = String(result.title ?? '');
      const screening = Array.isArray(result.nextScreenings) ? result.nextScreenings[0] : undefined;
      const href = safeUrl(result.url) ?? safeUrl(screening?.bookingUrl);
      const heading = el(`h${this.#headingLevel + 1}`, { class: 'title', part: 'title', lang: result.titleLanguage }, [
        href
          ? el(
              'a',
              {
                href,
                part: 'link',
                target: target || undefined,
                rel: target === '_blank' ? 'noopener' : undefined,
                'data-film-id': result.id,
                'data-position': String(position),
              },
              [title],
            )
          : title,
      ]);
      const body = el('div', { class: 'body' }, [heading]);
      if (screening) {
        const venue = screening.venue ?? {};
        const place = [venue.city, venue.region && venue.region !== venue.city ? venue.region : undefined].filter(Boolean).join(' – ');
        body.append(
          el('p', { class: 'date', part: 'date' }, [
            el(
              'time',
              { datetime: screening.start },
              formatDate(screening, locale).flatMap((part, index) => [index ? ' · ' : '', el('span', {}, [part])]),
            ),
          ]),
          el('p', { class: 'venue', part: 'venue' }, [venue.name ?? '']),
          el('p', { class: 'place', part: 'place' }, [place]),
        );
      }
      const explanation = Array.isArray(result.explanations)
        ? result.explanations.find((text) => typeof text === 'string' && text)
        : undefined;
      if (explanation) body.append(el('p', { class: 'explanation', part: 'explanation' }, [explanation]));
      if (result.synopsis)
        body.append(el('p', { class: 'synopsis', part: 'synopsis', lang: result.synopsisLanguage }, [String(result.synopsis)]));
      return el('li', { class: 'card', part: 'card' }, [
        el('div', { class: 'media', part: 'media' }, [this.#image(result.image, title)]),
        body,
      ]);
    }

    #image(source, title) {
      const placeholder = () => {
        const node = el('div', { class: 'placeholder', part: 'placeholder', 'aria-hidden': 'true' }, [pictogram()]);
        // CSSOM, not a style attribute: allowed under a strict style-src.
        node.style.setProperty('--hue', String(hueOf(title)));
        return node;
      };
      const src = safeUrl(source, true);
      if (!src) return placeholder();
      const image = el('img', { src, alt: title, part: 'image', loading: 'lazy', decoding: 'async' });
      image.addEventListener('error', () => image.replaceWith(placeholder()), { once: true });
      return image;
    }

    #reportImpressionWhenSeen(section, apiBase, recommendationId, results) {
      if (this.#impressionsSent.has(recommendationId)) return;
      const report = () => {
        if (this.#impressionsSent.has(recommendationId)) return;
        this.#impressionsSent.add(recommendationId);
        results.forEach((result, index) =>
          this.#feedback(apiBase, { recommendationId, eventId: result.id, type: 'impression', position: index + 1 }),
        );
      };
      if (typeof IntersectionObserver !== 'function') return report();
      this.#observer = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.#observer?.disconnect();
        report();
      });
      this.#observer.observe(section);
    }

    #reportClick(event, apiBase, recommendationId) {
      if (event.type === 'auxclick' && event.button !== 1) return;
      const link = event.target instanceof Element ? event.target.closest('a[data-film-id]') : null;
      if (!link) return;
      this.#feedback(apiBase, { recommendationId, eventId: link.dataset.filmId, type: 'click', position: Number(link.dataset.position) });
    }
  }

  customElements.define(TAG, MarqueeRelated);
})();
