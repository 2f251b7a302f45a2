// Shortages view: the reports of both countries with their lifecycle and versions, and the supply-disruption risk.
import { api, can } from './api.js';
import { asOf, el, table } from './util.js';
import { riskPanel } from './risk.js';

const LIFECYCLES = ['ANTICIPATED', 'ACTIVE', 'AVOIDED', 'RESOLVED', 'TO_BE_DISCONTINUED', 'DISCONTINUED', 'REVERSED',
  'ARCHIVED'];

export async function render(main, [id]) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const query = new URLSearchParams();
  for (const name of ['country', 'lifecycle', 'ingredient', 'atc', 'tier3']) {
    if (params.get(name)) query.set(name, params.get(name));
  }
  if (!params.has('lifecycle')) query.set('lifecycle', 'ACTIVE,ANTICIPATED');
  const [page, summary] = await Promise.all([
    api(`/api/v1/shortage-reports?${query}&limit=100`),
    api('/api/v1/shortage-reports/summary'),
  ]);
  const rows = page.items.map(r => el('tr', {},
    el('th', { scope: 'row' }, el('a', { href: `#/shortages/${r.id}?${query}` }, r.commonName || r.brandName || r.sourceKey)),
    el('td', {}, r.country), el('td', {}, r.source), el('td', {}, r.din || r.packageNdc || r.productNdc || '—'),
    el('td', {}, r.sourceStatus), el('td', {}, el('span', { class: `lifecycle ${r.lifecycle.toLowerCase()}` },
      r.lifecycle.toLowerCase().replace(/_/g, ' '))),
    el('td', {}, r.tier3 ? 'yes' : ''), el('td', {}, r.actualStart || r.anticipatedStart || '—'),
    el('td', {}, r.estimatedEnd || r.actualEnd || '—'), el('td', {}, r.sourceUpdated || r.sourceCreated || '—'),
    el('td', { class: 'num' }, r.version)));
  const byCountry = summary.activeByCountry.map(c => `${c.country}: ${c.reports.toLocaleString('en-US')}`).join(' · ');
  main.replaceChildren(
    el('h2', {}, 'Shortages'),
    asOf(),
    el('p', { class: 'meta' }, `Active reports by country — ${byCountry || 'none'}`),
    el('p', { class: 'meta', id: 'shortage-freshness' }, `Sources: ${summary.freshness.statement}`,
      ...summary.freshness.sources.filter(f => !f.live).map(f => `; ${f.statement}, its open reports archived`)),
    filters(params),
    el('div', { class: id ? 'split' : '' },
      el('section', { 'aria-labelledby': 'reports-title' },
        el('h3', { id: 'reports-title' }, 'Reports'),
        table(`Drug Shortages Canada and FDA reports, newest first by their last update at the source `
          + `(${page.items.length}${page.nextCursor ? '+' : ''} shown)`,
          ['Drug', 'Country', 'Source', 'DIN / NDC', 'Source status', 'Lifecycle', 'Tier 3', 'Start', 'End',
            'Updated', { label: 'Version', numeric: true }], rows, { empty: 'No report matches these filters.' })),
      id ? await detail(id) : null),
    can('forecast') ? el('section', { id: 'risk-section', 'aria-labelledby': 'risk-title' },
      el('h3', { id: 'risk-title' }, 'Supply-disruption risk')) : null);
  const risk = document.getElementById('risk-section');
  if (risk) await riskPanel(risk);
}

function filters(params) {
  const current = (params.get('lifecycle') || 'ACTIVE,ANTICIPATED').split(',');
  return el('form', {
    class: 'filters', 'aria-label': 'Report filters', onsubmit: event => {
      event.preventDefault();
      const data = new FormData(event.target);
      const query = new URLSearchParams();
      const lifecycles = data.getAll('lifecycle');
      if (lifecycles.length) query.set('lifecycle', lifecycles.join(','));
      for (const name of ['country', 'ingredient', 'atc']) if (data.get(name)) query.set(name, data.get(name));
      if (data.get('tier3')) query.set('tier3', 'true');
      location.hash = `#/shortages?${query}`;
    },
  },
  el('label', {}, 'Country ', el('select', { name: 'country', id: 'shortage-country' },
    [['', 'Both'], ['US', 'United States'], ['CA', 'Canada']].map(([v, l]) =>
      el('option', { value: v, selected: v === (params.get('country') || '') }, l)))),
  el('fieldset', {}, el('legend', {}, 'Lifecycle'), LIFECYCLES.map(l => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'lifecycle', value: l, checked: current.includes(l) }),
    l.toLowerCase().replace(/_/g, ' ')))),
  el('label', {}, 'Ingredient ', el('input', { name: 'ingredient', value: params.get('ingredient') || '' })),
  el('label', {}, 'ATC ', el('input', { name: 'atc', size: 7, value: params.get('atc') || '' })),
  el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'tier3', value: 'true',
    checked: params.get('tier3') === 'true' }), 'Tier 3 only'),
  el('button', { type: 'submit' }, 'Apply'));
}

async function detail(id) {
  const d = await api(`/api/v1/shortage-reports/${encodeURIComponent(id)}`);
  const r = d.report;
  const versions = d.versions.map(v => el('li', {},
    el('strong', {}, `Version ${v.version}`), ` (${v.kind.toLowerCase()}, ${String(v.recordedAt).slice(0, 10)})`,
    v.changes && Object.keys(v.changes).length ? el('ul', {}, Object.entries(v.changes).map(([field, change]) =>
      el('li', {}, `${field}: ${change[0] ?? '—'} → ${change[1] ?? '—'}`))) : null));
  return el('section', { class: 'detail', 'aria-labelledby': 'detail-title' },
    el('h3', { id: 'detail-title' }, r.commonName || r.brandName || r.sourceKey),
    el('dl', {},
      el('dt', {}, 'Source'), el('dd', {}, `${r.source} ${r.sourceKey}`),
      el('dt', {}, 'Source data'), el('dd', { id: 'report-freshness' },
        (d.freshness.sources.find(f => f.source === r.source) || d.freshness).statement),
      el('dt', {}, 'Status'), el('dd', {}, `${r.sourceStatus} (lifecycle ${r.lifecycle.toLowerCase()})`),
      el('dt', {}, 'Company'), el('dd', {}, r.companyName || '—'),
      el('dt', {}, 'Ingredients'), el('dd', {}, r.ingredients || '—'),
      el('dt', {}, 'Reason'), el('dd', {}, r.reason || '—'),
      el('dt', {}, 'Linked products'), el('dd', {}, d.links.length ? d.links.map(l =>
        `${l.productCode || l.equivalenceGroupCode} (${l.matchMethod.toLowerCase()})`).join(', ') : 'none')),
    el('h4', {}, 'Versions'), el('ol', { reversed: true, class: 'versions' },
      versions.length ? versions : el('li', {}, 'Version 1: as first ingested')));
}
