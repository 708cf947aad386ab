// The audience dashboard: every figure comes from /audience/* (already suppressed there); nothing is computed here but shares of what is shown.
(() => {
  'use strict';

  const TEXTS = {
    en: {
      title: 'Audience interests',
      synthetic: 'Synthetic demo data: generated at start for the demo catalogue',
      from: 'From',
      to: 'To',
      city: 'City',
      venue: 'Venue',
      language: 'Language',
      all: 'All',
      share: 'Theme share over time',
      trending: 'Trending this week',
      unmet: 'Unmet demand',
      breakdown: 'Interest by city',
      themes: 'Themes',
      theme: 'Theme',
      interest: 'Interest',
      growth: 'Growth',
      demand: 'Interest',
      screenings: 'Screenings ahead',
      genres: 'Genres',
      views: 'Views',
      clicks: 'Clicks',
      bookings: 'Bookings',
      users: 'People',
      csv: 'CSV',
      detail: 'Theme',
      film: 'Film',
      hidden: 'hidden',
      noTrending: 'Nothing grows beyond its usual noise this week.',
      privacy: (k) => `Figures of fewer than ${k} people are hidden; totals count only what is shown.`,
    },
    nl: {
      title: 'Interesses van het publiek',
      synthetic: 'Synthetische demodata: bij de start gegenereerd voor de democatalogus',
      from: 'Van',
      to: 'Tot',
      city: 'Stad',
      venue: 'Zaal',
      language: 'Taal',
      all: 'Alle',
      share: 'Aandeel per thema door de tijd',
      trending: 'Stijgers deze week',
      unmet: 'Onbeantwoorde vraag',
      breakdown: 'Interesse per stad',
      themes: "Thema's",
      theme: 'Thema',
      interest: 'Interesse',
      growth: 'Groei',
      demand: 'Interesse',
      screenings: 'Voorstellingen gepland',
      genres: 'Genres',
      views: 'Bekeken',
      clicks: 'Kliks',
      bookings: 'Boekingen',
      users: 'Mensen',
      csv: 'CSV',
      detail: 'Thema',
      film: 'Film',
      hidden: 'verborgen',
      noTrending: 'Niets groeit deze week meer dan gewoonlijk.',
      privacy: (k) => `Cijfers van minder dan ${k} mensen worden verborgen; totalen tellen alleen wat getoond wordt.`,
    },
    fr: {
      title: 'Centres d’intérêt du public',
      synthetic: 'Données de démonstration synthétiques, générées au démarrage',
      from: 'Du',
      to: 'Au',
      city: 'Ville',
      venue: 'Salle',
      language: 'Langue',
      all: 'Toutes',
      share: 'Part de chaque thème dans le temps',
      trending: 'En hausse cette semaine',
      unmet: 'Demande non satisfaite',
      breakdown: 'Intérêt par ville',
      themes: 'Thèmes',
      theme: 'Thème',
      interest: 'Intérêt',
      growth: 'Croissance',
      demand: 'Intérêt',
      screenings: 'Séances prévues',
      genres: 'Genres',
      views: 'Vues',
      clicks: 'Clics',
      bookings: 'Réservations',
      users: 'Personnes',
      csv: 'CSV',
      detail: 'Thème',
      film: 'Film',
      hidden: 'masqué',
      noTrending: 'Rien ne progresse au-delà du bruit habituel cette semaine.',
      privacy: (k) => `Les chiffres de moins de ${k} personnes sont masqués ; les totaux ne comptent que ce qui est affiché.`,
    },
  };

  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const today = new Date().toISOString().slice(0, 10);
  const weeksAgo = (n) => new Date(Date.now() - n * 7 * 86400000).toISOString().slice(0, 10);
  $('from').value = params.get('from') || weeksAgo(8);
  $('to').value = params.get('to') || today;
  $('lang').value = params.get('lang') || (navigator.language || 'en').slice(0, 2).replace(/^(?!nl|fr).*/, 'en');
  const charts = {};
  const chart = (id) => (charts[id] ??= echarts.init($(id)));
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));

  const text = (key) => TEXTS[$('lang').value][key];
  const query = () => {
    const q = new URLSearchParams({ from: $('from').value, to: $('to').value, lang: $('lang').value });
    if ($('city').value) q.set('city', $('city').value);
    if ($('venue').value) q.set('venue', $('venue').value);
    return q;
  };
  const get = async (path, q = query()) => {
    const response = await fetch(`/audience/${path}?${q}`);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const number = (n) => (n === null || n === undefined ? '' : String(n));
  const percent = (x) => (x === null || x === undefined ? '' : `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`);
  const cell = (value, field, numeric = true) => {
    const td = document.createElement('td');
    td.textContent = value;
    if (field) td.dataset.field = field;
    if (numeric) td.className = 'n';
    return td;
  };
  const fill = (id, rows, render) => {
    const body = $(id).querySelector('tbody');
    body.replaceChildren(...rows.map(render));
    const empty = document.querySelector(`[data-empty="${id}"]`);
    if (empty) empty.hidden = rows.length > 0;
  };

  const translate = () => {
    document.documentElement.lang = $('lang').value;
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = text(node.dataset.i18n);
  };

  const fillPlaces = async () => {
    const q = new URLSearchParams({ from: $('from').value, to: $('to').value, lang: $('lang').value });
    const [cities, venues] = await Promise.all([
      get('breakdown', new URLSearchParams([...q, ['by', 'city']])),
      get('breakdown', new URLSearchParams([...q, ['by', 'venue']])),
    ]);
    const options = (select, names, chosen) => {
      const all = select.options[0];
      select.replaceChildren(all, ...[...new Set(names)].sort().map((name) => new Option(name, name, false, name === chosen)));
    };
    options(
      $('city'),
      cities.rows.filter((r) => !r.hidden).map((r) => r.city),
      params.get('city'),
    );
    options(
      $('venue'),
      venues.rows.filter((r) => !r.hidden).map((r) => r.venue),
      params.get('venue'),
    );
  };

  const drawShare = (share) => {
    const weeks = share.weeks;
    const themes = [...new Map(share.rows.map((r) => [r.themeId, r.label])).entries()];
    chart('share-chart').setOption(
      {
        tooltip: { trigger: 'axis', valueFormatter: (v) => `${Math.round(v * 100)}%` },
        legend: { type: 'scroll', top: 0 },
        grid: { top: 40, left: 40, right: 20, bottom: 30 },
        xAxis: { type: 'category', data: weeks },
        yAxis: { type: 'value', max: 1, axisLabel: { formatter: (v) => `${Math.round(v * 100)}%` } },
        series: themes.map(([themeId, label]) => ({
          name: label,
          type: 'line',
          stack: 'share',
          areaStyle: {},
          symbol: 'none',
          data: weeks.map((week) => share.rows.find((r) => r.week === week && r.themeId === themeId && !r.hidden)?.share ?? 0),
        })),
      },
      true,
    );
  };

  const drawCities = (breakdown) => {
    const rows = breakdown.rows.filter((r) => !r.hidden);
    const cities = [...new Set(rows.map((r) => r.city))].sort();
    const themes = [...new Map(rows.map((r) => [r.themeId, r.label])).entries()];
    chart('city-chart').setOption(
      {
        tooltip: { trigger: 'axis' },
        legend: { type: 'scroll', top: 0 },
        grid: { top: 40, left: 50, right: 20, bottom: 30 },
        xAxis: { type: 'category', data: cities },
        yAxis: { type: 'value' },
        series: themes.map(([themeId, label]) => ({
          name: label,
          type: 'bar',
          stack: 'interest',
          data: cities.map((city) => rows.find((r) => r.city === city && r.themeId === themeId)?.interest ?? 0),
        })),
      },
      true,
    );
  };

  const showDetail = async (themeId) => {
    const detail = await get(`themes/${encodeURIComponent(themeId)}`);
    $('detail').hidden = false;
    $('detail').dataset.theme = themeId;
    $('detail-label').textContent = detail.theme.label;
    $('detail-words').textContent = [...(detail.theme.words[$('lang').value] || []), ...detail.theme.genres].join(', ');
    chart('detail-chart').setOption(
      {
        tooltip: { trigger: 'axis' },
        grid: { top: 20, left: 50, right: 20, bottom: 30 },
        xAxis: { type: 'category', data: detail.weeks.map((r) => r.week) },
        yAxis: { type: 'value' },
        series: [{ type: 'line', data: detail.weeks.map((r) => r.interest ?? 0) }],
      },
      true,
    );
    fill('detail-films', detail.topFilms, (film) => {
      const tr = document.createElement('tr');
      tr.dataset.film = film.filmId;
      if (film.hidden) tr.className = 'hidden';
      tr.append(
        cell(film.title, 'title', false),
        cell(film.hidden ? text('hidden') : number(film.interest), 'interest'),
        cell(number(film.view), 'view'),
        cell(number(film.booking), 'booking'),
      );
      return tr;
    });
    document.body.dataset.detailLoaded = themeId;
  };

  const load = async () => {
    document.body.dataset.loaded = '';
    translate();
    const [themes, share, trending, unmet, cities] = await Promise.all([
      get('themes'),
      get('share'),
      get('trending'),
      get('unmet-demand'),
      get('breakdown', new URLSearchParams([...query(), ['by', 'city']])),
    ]);
    $('synthetic').hidden = !themes.synthetic;
    $('privacy').textContent = text('privacy')(themes.minUsers);
    drawShare(share);
    drawCities(cities);
    fill('trending', trending.rows, (row) => {
      const tr = document.createElement('tr');
      Object.assign(tr.dataset, { theme: row.themeId, city: row.city ?? '' });
      tr.append(
        cell(row.label, 'label', false),
        cell(row.city ?? text('all'), 'city', false),
        cell(number(row.interest), 'interest'),
        cell(percent(row.growth), 'growth'),
        cell(number(row.z), 'z'),
      );
      return tr;
    });
    fill('unmet', unmet.rows.slice(0, 15), (row) => {
      const tr = document.createElement('tr');
      Object.assign(tr.dataset, { theme: row.themeId, city: row.city });
      tr.append(
        cell(row.label, 'label', false),
        cell(row.city, 'city', false),
        cell(number(row.demand), 'demand'),
        cell(row.previousDemand === 0 ? '—' : percent(row.growth), 'growth'),
        cell(number(row.upcomingScreenings), 'upcomingScreenings'),
      );
      return tr;
    });
    fill('themes', themes.themes, (row) => {
      const tr = document.createElement('tr');
      tr.dataset.theme = row.themeId;
      if (row.hidden) tr.className = 'hidden';
      const figure = (field) => cell(row.hidden ? text('hidden') : number(row[field]), field);
      tr.append(
        cell(row.label, 'label', false),
        cell(row.genres.join(', '), 'genres', false),
        figure('interest'),
        figure('view'),
        figure('click'),
        figure('booking'),
        figure('users'),
      );
      return tr;
    });
    const csv = query();
    $('downloads').replaceChildren(
      ...['themes', 'share', 'trending', 'unmet-demand', 'co-interest', 'searches'].map((name) =>
        Object.assign(document.createElement('a'), { href: `/audience/${name}.csv?${csv}`, textContent: name }),
      ),
      Object.assign(document.createElement('a'), { href: `/audience/breakdown.csv?${csv}&by=city`, textContent: 'breakdown' }),
    );
    const chosen = params.get('theme') || themes.themes.find((t) => !t.hidden)?.themeId;
    if (chosen) await showDetail(chosen);
    document.body.dataset.loaded = 'true';
  };

  const reload = () => {
    const q = query();
    history.replaceState(null, '', `?${q}`);
    load().catch((error) => console.error(error));
  };
  $('filters').addEventListener('change', reload);
  for (const id of ['trending', 'unmet', 'themes']) {
    $(id).addEventListener('click', (event) => {
      const row = event.target.closest('tr[data-theme]');
      if (row) showDetail(row.dataset.theme).catch((error) => console.error(error));
    });
  }
  fillPlaces()
    .catch((error) => console.error(error))
    .then(load)
    .catch((error) => console.error(error));
})();
