'use strict';
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};
const lang = () => $('lang').value;
const when = (s) =>
  new Intl.DateTimeFormat(lang(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: s.timeZone,
  }).format(new Date(s.start));
const screeningLine = (s) => `${when(s)} · ${s.venue.name}, ${s.venue.city}${s.venue.region ? ' – ' + s.venue.region : ''}`;

async function getJson(url) {
  const response = await fetch(url, { headers: { 'Accept-Language': lang() } });
  if (!response.ok) throw new Error(`${response.status}: ${(await response.json()).message}`);
  return response.json();
}

async function loadEvents() {
  const q = $('q').value.trim();
  const page = await getJson(`/events?pageSize=100&lang=${lang()}${q ? '&q=' + encodeURIComponent(q) : ''}`);
  $('count').textContent = `(${page.total})`;
  $('status').textContent = page.total === 0 ? 'No events yet — the demo catalogue is still being indexed, try again in a moment.' : '';
  const list = $('events');
  list.replaceChildren(
    ...page.items.map((card) => {
      const button = el('button');
      button.append(
        el('strong', card.title),
        el('br'),
        el('small', card.nextScreenings[0] ? screeningLine(card.nextScreenings[0]) : 'no upcoming screening'),
      );
      button.addEventListener('click', () => {
        list.querySelectorAll('button').forEach((b) => b.removeAttribute('aria-current'));
        button.setAttribute('aria-current', 'true');
        showEvent(card.id);
      });
      const li = el('li');
      li.append(button);
      return li;
    }),
  );
}

/** The demo's pseudonymous visitor: a random id kept in this browser, as a listing site would pass its own. */
const visitorId = (() => {
  const stored = localStorage.getItem('marquee-demo-visitor');
  if (stored) return stored;
  const id = `demo-${Math.random().toString(36).slice(2, 10)}`;
  localStorage.setItem('marquee-demo-visitor', id);
  return id;
})();

/** The "for you" block reloads once the profiler applied what the visitor did (it takes well under a second). */
let forYouTimer;
function refreshForYou(delayMs = 400) {
  clearTimeout(forYouTimer);
  forYouTimer = setTimeout(() => $('for-you').refresh(), delayMs);
}

function showForYou() {
  const forYou = $('for-you');
  forYou.setAttribute('lang', lang());
  forYou.setAttribute('user-id', visitorId);
  $('widget').setAttribute('user-id', visitorId);
  $('visitor').textContent = visitorId;
}

/** Opening an event's page is a view, as a listing site would report it. */
async function reportView(id) {
  await fetch('/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'view', filmId: id, userId: visitorId, context: { source: 'demo' } }),
  });
  refreshForYou();
}

async function showEvent(id) {
  reportView(id).catch(() => {});
  const [film, related] = await Promise.all([
    getJson(`/events/${encodeURIComponent(id)}?lang=${lang()}`),
    getJson(`/events/${encodeURIComponent(id)}/related?limit=6&lang=${lang()}`),
  ]);
  $('detail').hidden = false;
  $('detail-title').textContent = film.title;
  $('detail-meta').textContent = [film.directors.join(', '), film.year, film.genres.join(', ')].filter(Boolean).join(' · ');
  $('detail-synopsis').textContent = film.synopsis ?? '';
  showWidget(id);
  $('detail-screenings').replaceChildren(...film.nextScreenings.slice(0, 5).map((s) => el('li', screeningLine(s))));
  $('related').replaceChildren(
    ...(related.results.length
      ? related.results.map((r) => {
          const li = el('li');
          li.append(el('h4', r.title));
          for (const s of r.nextScreenings) li.append(el('div', screeningLine(s), 'meta'));
          // Why it is related, in the reader's words: a score (a weighted sum, not a percentage) would mean nothing to a visitor.
          if (r.explanations.length) {
            const reasons = el('ul', '', 'reasons');
            reasons.setAttribute('aria-label', 'Why it is related');
            reasons.append(...r.explanations.map((reason) => el('li', reason, 'reason')));
            li.append(reasons);
          }
          li.append(el('p', r.synopsis ?? ''));
          return li;
        })
      : [el('li', 'No related events with upcoming screenings.')]),
  );
}

function showWidget(id) {
  const widget = $('widget');
  widget.setAttribute('lang', lang());
  widget.setAttribute('event-id', id);
  $('embed-snippet').textContent =
    `<script src="${location.origin}/widget/marquee-related.js" defer></script>\n` +
    `<marquee-related event-id="${id}" lang="${lang()}" limit="3"></marquee-related>`;
}

let timer;
$('q').addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => loadEvents().catch(report), 250);
});
// Clicks in either block are the widget's own feedback: the personal block follows them.
document.addEventListener('marquee-related:feedback', (event) => {
  if (event.detail?.type !== 'impression') refreshForYou();
});
$('forget').addEventListener('click', () => {
  // Erasure (DELETE /users/:id) needs the API key, which a browser page must not hold: start afresh instead.
  localStorage.removeItem('marquee-demo-visitor');
  location.reload();
});
$('lang').addEventListener('change', () => {
  $('widget').setAttribute('lang', lang());
  $('for-you').setAttribute('lang', lang());
  loadEvents().catch(report);
});
$('filters').addEventListener('submit', (e) => e.preventDefault());
function report(error) {
  $('status').textContent = error.message;
}
showForYou();
loadEvents().catch(report);
setTimeout(() => loadEvents().catch(report), 4000);
