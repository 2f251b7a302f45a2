// National view: U.S. and Canada per equivalence group, and every site coloured by days of supply.
import { all } from './api.js';
import { asOf, band, days, el, svg, table, units } from './util.js';

export async function render(main) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const kind = params.get('kind') || '';
  const atc = params.get('atc') || '';
  const jurisdiction = params.get('jurisdiction') || '';
  const query = new URLSearchParams();
  if (kind) query.set('kind', kind);
  if (atc) query.set('atc', atc);
  const [summary, belowPolicy, supply] = await Promise.all([
    all(`/api/v1/stock/summary?${query}`),
    all('/api/v1/stock/below-policy?' + (jurisdiction ? `jurisdiction=${jurisdiction}` : '')),
    all(`/api/v1/stock/by-site?${kind ? `kind=${kind}&` : ''}${jurisdiction ? `jurisdiction=${jurisdiction}` : ''}`),
  ]);
  const below = new Map();
  for (const row of belowPolicy) {
    const key = `${row.jurisdiction}:${row.product}`;
    below.set(key, (below.get(key) || 0) + 1);
  }
  const belowFor = (entry, country) => (entry[country.toLowerCase()].products || [])
    .reduce((n, product) => n + (below.get(`${country}:${product}`) || 0), 0);

  const rows = summary.map(entry => {
    const name = entry.group ? entry.group.name : entry.product.name;
    const code = entry.group ? entry.group.code : entry.product.code;
    const atcCode = entry.group ? entry.group.atcCode : entry.product.atcCode;
    const unit = entry.unitsOfIssue.length === 1 ? entry.unitsOfIssue[0] : 'units';
    return el('tr', {},
      el('th', { scope: 'row' }, name, el('span', { class: 'code' }, ` ${code}`),
        entry.group && entry.group.essential ? el('span', { class: 'tag' }, 'essential') : null),
      el('td', {}, atcCode || '—'),
      cell(entry.us, unit), supplyCell(entry.us), el('td', { class: 'num' }, belowFor(entry, 'US')),
      cell(entry.ca, unit), supplyCell(entry.ca), el('td', { class: 'num' }, belowFor(entry, 'CA')));
  });

  main.replaceChildren(
    el('h2', {}, 'National view'),
    asOf(),
    filters(kind, atc, jurisdiction),
    el('section', { 'aria-labelledby': 'map-title' },
      el('h3', { id: 'map-title' }, 'Sites by days of supply'),
      el('p', { class: 'hint' }, 'Each site holding stock, coloured by the fewest days of supply among its products ',
        '(usable stock over the last 28 days of issues). Select a site to open it.'),
      legend(), map(supply), regionalGrid(supply)),
    el('section', { 'aria-labelledby': 'summary-title' },
      el('h3', { id: 'summary-title' }, 'United States and Canada per equivalence group'),
      table('Usable stock and days of supply by country; sites below their stock policy',
        ['Group or product', 'ATC', { label: 'U.S. usable', numeric: true }, { label: 'U.S. supply', numeric: true },
          { label: 'U.S. sites below policy', numeric: true }, { label: 'Canada usable', numeric: true },
          { label: 'Canada supply', numeric: true }, { label: 'Canadian sites below policy', numeric: true }],
        rows, { class: 'data national', empty: 'No stock matches these filters.' })));
}

function cell(country, unit) {
  return el('td', { class: 'num' }, units(country.usableOnHand, unit));
}

function supplyCell(country) {
  const b = band(country.daysOfSupply);
  return el('td', { class: `num supply ${b.key}` }, country.onHand === 0 ? '—' : days(country.daysOfSupply));
}

function filters(kind, atc, jurisdiction) {
  const form = el('form', {
    class: 'filters', 'aria-label': 'Filters', onsubmit: event => {
      event.preventDefault();
      const data = new FormData(event.target);
      const query = new URLSearchParams();
      for (const [k, v] of data.entries()) if (v) query.set(k, v);
      location.hash = `#/national?${query}`;
    },
  },
  el('label', {}, 'Kind ', el('select', { name: 'kind', id: 'filter-kind' },
    [['', 'All'], ['DRUG', 'Drugs'], ['PPE', 'PPE'], ['DEVICE', 'Devices']].map(([v, l]) =>
      el('option', { value: v, selected: v === kind }, l)))),
  el('label', {}, 'ATC class ', el('input', { name: 'atc', id: 'filter-atc', value: atc, size: 7,
    placeholder: 'e.g. J01', pattern: '[A-Za-z][0-9A-Za-z]{0,6}' })),
  el('label', {}, 'Country ', el('select', { name: 'jurisdiction', id: 'filter-jurisdiction' },
    [['', 'Both'], ['US', 'United States'], ['CA', 'Canada']].map(([v, l]) =>
      el('option', { value: v, selected: v === jurisdiction }, l)))),
  el('button', { type: 'submit' }, 'Apply'));
  return form;
}

function legend() {
  return el('ul', { class: 'legend' }, ['critical', 'low', 'ok', 'unknown'].map(key => {
    const label = { critical: 'under 14 days', low: '14 to 30 days', ok: '30 days or more', unknown: 'no recent use' }[key];
    return el('li', {}, el('span', { class: `swatch ${key}`, 'aria-hidden': 'true' }), label);
  }));
}

/** North America on a plain longitude/latitude grid (no map tiles: the page works offline). */
function map(supply) {
  const width = 900;
  const height = 460;
  const west = -170;
  const east = -50;
  const south = 15;
  const north = 75;
  const x = lon => ((lon - west) / (east - west)) * width;
  const y = lat => ((north - lat) / (north - south)) * height;
  const grid = [];
  for (let lon = -160; lon <= -60; lon += 20) {
    grid.push(svg('line', { x1: x(lon), y1: 0, x2: x(lon), y2: height, class: 'grid' }),
      svg('text', { x: x(lon) + 3, y: height - 4, class: 'gridlabel' }, `${-lon}°W`));
  }
  for (let lat = 20; lat <= 70; lat += 10) {
    grid.push(svg('line', { x1: 0, y1: y(lat), x2: width, y2: y(lat), class: 'grid' }),
      svg('text', { x: 3, y: y(lat) - 3, class: 'gridlabel' }, `${lat}°N`));
  }
  const border = svg('polyline', { class: 'border', points: [[-123.3, 49], [-95.2, 49], [-89.6, 48], [-84.4, 46.5],
    [-82.5, 45.3], [-82.4, 43], [-79, 43.3], [-76.5, 44.2], [-74.7, 45], [-71.5, 45], [-69.2, 47.4], [-67.8, 47.1],
    [-67.1, 45.1]].map(([lon, lat]) => `${x(lon)},${y(lat)}`).join(' ') });
  const alaska = svg('polyline', { class: 'border', points: [[-141, 69.6], [-141, 60.3], [-130, 55.9]]
    .map(([lon, lat]) => `${x(lon)},${y(lat)}`).join(' ') });
  const points = supply.filter(s => s.latitude !== null && s.longitude !== null).map(s => {
    const b = band(s.lowestDaysOfSupply);
    const label = `${s.name} (${s.site}): lowest supply ${days(s.lowestDaysOfSupply)}`
      + (s.lowestProduct ? ` of ${s.lowestProduct}` : '');
    return svg('a', { href: `#/site/${encodeURIComponent(s.site)}`, 'aria-label': label, class: 'site-point' },
      svg('circle', { cx: x(s.longitude), cy: y(s.latitude), r: s.kind === 'DISPENSING' ? 4 : 7, class: `dot ${b.key}` },
        svg('title', {}, label)));
  });
  return el('figure', { class: 'map' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': 'Map of sites by days of supply' },
      svg('rect', { x: 0, y: 0, width, height, class: 'sea' }), ...grid, border, alaska, ...points),
    el('figcaption', {}, `${points.length} sites. Canada–U.S. border drawn for orientation.`));
}

function regionalGrid(supply) {
  const regions = new Map();
  for (const s of supply) {
    const key = `${s.jurisdiction} ${s.region}`;
    const counts = regions.get(key) || { critical: 0, low: 0, ok: 0, unknown: 0 };
    counts[band(s.lowestDaysOfSupply).key]++;
    regions.set(key, counts);
  }
  const rows = [...regions.entries()].sort().map(([region, c]) => el('tr', {},
    el('th', { scope: 'row' }, region),
    el('td', { class: 'num supply critical' }, c.critical), el('td', { class: 'num supply low' }, c.low),
    el('td', { class: 'num supply ok' }, c.ok), el('td', { class: 'num' }, c.unknown)));
  return table('Sites per region by their lowest days of supply',
    ['Region', { label: 'Under 14 days', numeric: true }, { label: '14–30 days', numeric: true },
      { label: '30 days or more', numeric: true }, { label: 'No recent use', numeric: true }], rows,
    { class: 'data compact' });
}
