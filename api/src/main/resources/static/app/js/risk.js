// The supply-disruption risk ranking by ingredient, with the features that drove each score and how fresh the
// sources the scores were computed from are.
import { api } from './api.js';
import { el, table } from './util.js';

export async function riskPanel(section, options = {}) {
  const horizon = options.horizon || 90;
  let page;
  try {
    page = await api(`/api/v1/risk/ingredients?horizon=${horizon}&limit=25`);
  } catch (error) {
    section.append(el('p', { class: 'error', role: 'alert' }, `No risk ranking: ${error.message}`));
    return;
  }
  const first = page.items[0];
  const rows = page.items.map((r, i) => el('tr', {},
    el('td', { class: 'num' }, i + 1),
    el('th', { scope: 'row' }, r.ingredient, r.atc ? el('span', { class: 'code' }, ` ${r.atc}`) : null),
    el('td', { class: 'num' }, `${(r.probability * 100).toFixed(1)}%`),
    el('td', { class: 'history' }, r.lastReportFiled
      ? `${r.reportsBefore.toLocaleString('en-US')} report${r.reportsBefore === 1 ? '' : 's'}, last ${r.lastReportFiled}`
      : 'never reported'),
    el('td', {}, el('ul', { class: 'drivers' }, r.drivers.slice(0, 3).map(d => el('li', {},
      `${d.feature.replace(/_/g, ' ')}: ${d.value === null ? 'none' : Number(d.value).toLocaleString('en-US')} `
      + `(typical ${Number(d.typical).toLocaleString('en-US')}; ${d.effect >= 0 ? '+' : ''}${(d.effect * 100).toFixed(1)} pts)`))))));
  section.append(
    el('p', { class: 'hint' }, `Probability of a new Drug Shortages Canada report for each ingredient within ${horizon} `
      + `days after ${first ? first.asOf : 'the last filing'}, from what was filed before; model ${first ? first.model : '—'}.`),
    el('p', { class: 'meta', id: 'risk-freshness' }, `Computed from: ${page.freshness ? page.freshness.statement : 'not stated'}`,
      ...(page.freshness ? page.freshness.sources : []).map(f => ` — ${f.name} (${f.country}): `
        + `${f.reports.toLocaleString('en-US')} reports${f.updatedUpTo ? `, updates known up to ${f.updatedUpTo}` : ''}`)),
    table('Ingredients ranked by shortage risk, with the three features that moved each score most',
      [{ label: 'Rank', numeric: true }, 'Ingredient', { label: 'Risk', numeric: true }, 'Reported before',
        'What drove it'], rows,
      { empty: 'No risk model is registered yet.', class: 'data risk' }));
}
