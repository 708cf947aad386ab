// Bootstraps the iframe page (/widget/related.html?event=...&lang=...&limit=...&accent=...) from its
// query string: a file rather than an inline script, so the API's CSP (script-src 'self') holds.
'use strict';
(() => {
  const params = new URLSearchParams(location.search);
  const widget = document.getElementById('related');
  const lang = params.get('lang');
  if (lang && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(lang)) {
    document.documentElement.lang = lang;
    widget.setAttribute('lang', lang);
  }
  if (params.get('limit')) widget.setAttribute('limit', params.get('limit'));
  const accent = params.get('accent');
  if (accent && CSS.supports('color', accent)) widget.style.setProperty('--marquee-accent', accent);
  widget.setAttribute('event-id', params.get('event') ?? '');

  // Lets the host page size the iframe to its content: window.addEventListener('message', ...).
  if (window.parent !== window && typeof ResizeObserver === 'function') {
    new ResizeObserver(() => {
      window.parent.postMessage({ type: 'marquee-related:resize', height: document.documentElement.scrollHeight }, '*');
    }).observe(document.body);
  }
})();
