// Transfers view: the optimiser's recommendations with their explanations, the transfers in their workflow with the
// actions the user may take, and the what-if panel (surge, closure, recall) comparing shortfalls and recommendations.
import { api, can, claims } from './api.js';
import { asOf, el, table, toast, units } from './util.js';

const STATES = ['RECOMMENDED', 'APPROVED', 'DISPATCHED', 'RECEIVED', 'CANCELLED'];

export async function render(main, [id]) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  if (id) {
    await renderTransfer(main, id);
    return;
  }
  const state = params.get('state') || '';
  const page = await api(`/api/v1/transfers?limit=100${state ? `&state=${encodeURIComponent(state)}` : ''}`);
  const results = el('div', { id: 'recommendation-results' });
  const whatIf = el('div', { id: 'scenario-results' });
  main.replaceChildren(
    el('h2', {}, 'Transfers'),
    asOf(),
    el('p', { class: 'hint' }, 'Quantities are in units of issue and move in whole packs. A cross-border transfer needs an ',
      'approval from each country; dispatch and receipt write the transfer-out and transfer-in lines of the ledger.'),
    el('section', { 'aria-labelledby': 'workflow-title' },
      el('h3', { id: 'workflow-title' }, 'Transfers in progress'),
      stateFilter(state),
      transferTable(page)),
    can('forecast') ? el('section', { 'aria-labelledby': 'recommend-title' },
      el('h3', { id: 'recommend-title' }, 'Recommendations'),
      recommendForm(results), results) : el('p', { class: 'hint', id: 'no-recommendations' },
      'Recommendations need the forecast scope, which your token does not have.'),
    can('forecast') ? el('section', { 'aria-labelledby': 'whatif-title' },
      el('h3', { id: 'whatif-title' }, 'What if'),
      await scenarioForm(whatIf), whatIf) : null);
}

function stateFilter(current) {
  return el('form', {
    class: 'filters', 'aria-label': 'Transfer filters', onsubmit: event => {
      event.preventDefault();
      const value = new FormData(event.target).get('state');
      location.hash = value ? `#/transfers?state=${value}` : '#/transfers';
    },
  }, el('label', {}, 'State ', el('select', { name: 'state', id: 'transfer-state' },
    el('option', { value: '' }, 'Any'),
    STATES.map(s => el('option', { value: s, selected: s === current }, s.toLowerCase())))),
  el('button', { type: 'submit' }, 'Show'));
}

function place(site) {
  if (!site) return '—';
  // a partner reads another tenant's site with a null code and the name "another site"
  return site.code ? `${site.name || site.code} (${site.code}, ${site.jurisdiction})` : `${site.name} (${site.jurisdiction})`;
}

function transferTable(page) {
  const rows = page.items.map(t => el('tr', { 'data-transfer': t.id },
    el('th', { scope: 'row' }, el('a', { href: `#/transfers/${t.id}` }, `#${t.id}`)),
    el('td', {}, el('span', { class: `state ${t.state.toLowerCase()}` }, t.state.toLowerCase())),
    el('td', {}, t.product.name || t.product.code, el('span', { class: 'code' }, ` ${t.product.code}`)),
    el('td', {}, place(t.from)), el('td', {}, place(t.to)),
    el('td', {}, t.lot ? t.lot.lotNumber : '—'),
    el('td', { class: 'num' }, units(t.quantity, t.product.unitOfIssue || 'units')),
    el('td', {}, t.crossBorder ? 'yes' : 'no'),
    el('td', {}, approvalsText(t)),
    el('td', {}, actions(t, () => { location.hash = '#/transfers'; window.dispatchEvent(new HashChangeEvent('hashchange')); }))));
  return table(`Transfers (${page.items.length}${page.nextCursor ? '+' : ''} shown)`,
    ['Transfer', 'State', 'Product', 'From', 'To', 'Lot', { label: 'Quantity', numeric: true }, 'Cross-border',
      'Approvals', 'Actions'], rows, { empty: 'No transfer in this state.' });
}

function approvalsText(t) {
  const given = (t.approvals || []).map(a => a.jurisdiction);
  return (t.approvalsRequired || []).map(j => `${j} ${given.includes(j) ? '✓' : 'pending'}`).join(' · ') || '—';
}

/** The actions this user may take on this transfer now; the API refuses anything else all the same. */
export function allowedActions(t, who = claims()) {
  if (!who) return [];
  const has = scope => who.scopes.includes(scope);
  const within = jurisdiction => !who.jurisdiction || who.jurisdiction === jurisdiction;
  const given = (t.approvals || []).map(a => a.jurisdiction);
  const out = [];
  if (t.state === 'RECOMMENDED' && has('approve') && !who.partner) {
    const mine = (t.approvalsRequired || []).filter(j => !given.includes(j) && within(j));
    if (mine.length) out.push('approve');
  }
  // a partner is shown no code for an end that is not one of its sites, and cannot act there
  if (t.state === 'APPROVED' && has('write') && within(t.from.jurisdiction) && t.from.code) out.push('dispatch');
  if (t.state === 'DISPATCHED' && has('write') && within(t.to.jurisdiction) && t.to.code) out.push('receive');
  if ((t.state === 'RECOMMENDED' || t.state === 'APPROVED') && (has('write') || has('approve')) && !who.partner
    && (within(t.from.jurisdiction) || within(t.to.jurisdiction))) out.push('cancel');
  return out;
}

function actions(t, after) {
  const allowed = allowedActions(t);
  if (!allowed.length) return el('span', { class: 'hint' }, 'none for you');
  const step = (path, body, message) => async () => {
    try {
      const updated = await api(`/api/v1/transfers/${t.id}/${path}`, {
        method: 'POST', body, idempotent: true, headers: { 'If-Match': `"${t.version}"` },
      });
      toast(`Transfer #${t.id}: ${message}, now ${updated.state.toLowerCase()}`);
      after(updated);
    } catch (error) {
      toast(`Transfer #${t.id} refused: ${error.message}`, 'error');
    }
  };
  const buttons = [];
  if (allowed.includes('approve')) {
    buttons.push(el('button', { type: 'button', class: 'approve', onclick: step('approvals', {}, 'approved') },
      `Approve #${t.id}`));
  }
  if (allowed.includes('dispatch')) {
    buttons.push(el('button', { type: 'button', class: 'dispatch', onclick: step('dispatch', {}, 'dispatched') },
      `Dispatch #${t.id}`));
  }
  if (allowed.includes('receive')) {
    const received = el('input', { type: 'number', min: 0, step: 1, value: t.dispatch ? t.dispatch.quantity : t.quantity,
      'aria-label': `Units received for transfer ${t.id}`, size: 7 });
    buttons.push(el('span', { class: 'inline-form' }, received, el('button', {
      type: 'button', class: 'receive', onclick: () => {
        const sent = t.dispatch ? t.dispatch.quantity : t.quantity;
        const got = Number(received.value);
        return step('receipt', { receivedQuantity: got, lostQuantity: Math.max(0, sent - got) }, 'received')();
      },
    }, `Receive #${t.id}`)));
  }
  if (allowed.includes('cancel')) {
    buttons.push(el('button', { type: 'button', class: 'secondary cancel',
      onclick: step('cancellation', { reason: 'cancelled from the dashboard' }, 'cancelled') }, `Cancel #${t.id}`));
  }
  return el('span', { class: 'row-actions' }, buttons);
}

async function renderTransfer(main, id) {
  const t = await api(`/api/v1/transfers/${encodeURIComponent(id)}`);
  const e = t.explanation || {};
  main.replaceChildren(
    el('p', {}, el('a', { href: '#/transfers' }, '← All transfers')),
    el('h2', {}, `Transfer #${t.id}: ${t.product.name || t.product.code}`),
    asOf(),
    el('p', { class: 'meta' }, `${place(t.from)} → ${place(t.to)} · `,
      el('span', { class: `state ${t.state.toLowerCase()}` }, t.state.toLowerCase())),
    el('section', { class: 'detail', 'aria-labelledby': 'transfer-facts' },
      el('h3', { id: 'transfer-facts' }, 'What and why'),
      el('dl', {},
        el('dt', {}, 'Quantity'), el('dd', {}, `${units(t.quantity, t.product.unitOfIssue || 'units')}`
          + (t.packs ? ` (${t.packs} packs)` : '')),
        el('dt', {}, 'Lot'), el('dd', {}, t.lot ? `${t.lot.lotNumber}, expires ${t.lot.labelledExpiry}`
          + (t.lot.extendedExpiry ? ` (extended ${t.lot.extendedExpiry})` : '') : '—'),
        el('dt', {}, 'Covers'), el('dd', {}, e.covers || '—'),
        el('dt', {}, 'Why this donor'), el('dd', {}, e.whyDonor || '—'),
        el('dt', {}, 'Why this lot'), el('dd', {}, e.whyLot || '—'),
        el('dt', {}, 'Binding constraints'), el('dd', {}, (e.bindingConstraints || []).join('; ') || 'none'),
        el('dt', {}, 'Still unmet'), el('dd', {}, e.unmet || 'nothing'),
        el('dt', {}, 'Approvals'), el('dd', {}, approvalsText(t)),
        el('dt', {}, 'Dispatch'), el('dd', {}, t.dispatch ? `${units(t.dispatch.quantity)} on ${String(t.dispatch.at).slice(0, 16)}` : 'not yet'),
        el('dt', {}, 'Receipt'), el('dd', {}, t.receipt ? `${units(t.receipt.receivedQuantity)} received, `
          + `${units(t.receipt.lostQuantity || 0)} lost in transit, on ${String(t.receipt.at).slice(0, 16)}` : 'not yet'),
        t.cancellation ? [el('dt', {}, 'Cancelled'), el('dd', {}, `${t.cancellation.reason} (${t.cancellation.by})`)] : null)),
    el('section', { 'aria-labelledby': 'transfer-actions' },
      el('h3', { id: 'transfer-actions' }, 'Actions'),
      actions(t, updated => { location.hash = `#/transfers/${updated.id}`; window.dispatchEvent(new HashChangeEvent('hashchange')); })));
}

function recommendForm(results) {
  const form = el('form', {
    class: 'filters', id: 'recommend-form', 'aria-label': 'Recommendation settings', onsubmit: async event => {
      event.preventDefault();
      const save = event.submitter && event.submitter.value === 'save';
      results.replaceChildren(el('p', { class: 'loading' }, 'Solving…'));
      try {
        const response = await api('/api/v1/transfer-recommendations', {
          method: 'POST', body: settings(form, save), idempotent: save,
        });
        results.replaceChildren(recommendations(response));
        if (save) {
          toast(`${response.recommendations.length} recommended transfers saved`);
          window.dispatchEvent(new HashChangeEvent('hashchange'));
        }
      } catch (error) {
        results.replaceChildren(el('p', { class: 'error', role: 'alert' }, `No recommendation: ${error.message}`));
      }
    },
  }, settingsFields('rec'),
  el('button', { type: 'submit', value: 'preview' }, 'Recommend'),
  can('write') ? el('button', { type: 'submit', value: 'save', class: 'secondary', id: 'save-recommendations' },
    'Recommend and save as transfers') : null);
  return form;
}

function settingsFields(prefix) {
  return [
    el('label', {}, 'Demand quantile ', el('select', { name: 'quantile', id: `${prefix}-quantile` },
      [['0.5', 'p50 (median)'], ['0.9', 'p90 (default)']].map(([v, l]) => el('option', { value: v, selected: v === '0.9' }, l)))),
    el('label', {}, 'Horizon ', el('select', { name: 'horizonDays', id: `${prefix}-horizon` },
      [7, 28, 90].map(d => el('option', { value: d, selected: d === 28 }, `${d} days`)))),
    el('label', {}, 'Receiving country ', el('select', { name: 'jurisdiction', id: `${prefix}-jurisdiction` },
      [['', 'Both'], ['US', 'United States'], ['CA', 'Canada']].map(([v, l]) => el('option', { value: v }, l)))),
  ];
}

function settings(form, save = false) {
  const data = new FormData(form);
  const body = { quantile: Number(data.get('quantile')), horizonDays: Number(data.get('horizonDays')) };
  if (data.get('jurisdiction')) body.jurisdiction = data.get('jurisdiction');
  if (save) body.save = true;
  return body;
}

function totals(response) {
  const requested = response.shortfalls.reduce((s, f) => s + f.requested, 0);
  const covered = response.shortfalls.reduce((s, f) => s + f.covered, 0);
  return { requested, covered, unmet: requested - covered, transfers: response.recommendations.length,
    crossBorder: response.recommendations.filter(r => r.crossBorder).length };
}

function recommendations(response) {
  const s = response.solver || {};
  const t = totals(response);
  const rows = response.recommendations.map(r => el('tr', {},
    el('th', { scope: 'row' }, r.product.name || r.product.code, el('span', { class: 'code' }, ` ${r.product.code}`)),
    el('td', {}, place(r.from)), el('td', {}, place(r.to)),
    el('td', {}, `${r.lot.lotNumber} (exp. ${r.lot.labelledExpiry})`),
    el('td', { class: 'num' }, `${units(r.quantity, 'units')} (${r.packs} × ${r.packSize})`),
    el('td', {}, r.crossBorder ? `yes${r.crossings && r.crossings.length ? `, via ${r.crossings.join(', ')}` : ''}` : 'no'),
    el('td', { class: 'num' }, `${r.transitDays} days`),
    el('td', {}, el('details', {}, el('summary', {}, r.explanation.covers),
      el('p', {}, `Donor: ${r.explanation.whyDonor}`), el('p', {}, `Lot: ${r.explanation.whyLot}`),
      (r.explanation.bindingConstraints || []).length
        ? el('p', {}, `Bound by: ${r.explanation.bindingConstraints.join('; ')}`) : null,
      r.explanation.unmet ? el('p', {}, `Unmet: ${r.explanation.unmet}`) : null))));
  const short = response.shortfalls.filter(f => f.unmet > 0).sort((a, b) => b.unmet - a.unmet);
  const unmet = short.slice(0, 40).map(f => el('tr', {},
    el('th', { scope: 'row' }, place(f.site)), el('td', {}, f.product.name || f.product.code),
    el('td', { class: 'num' }, units(f.requested)), el('td', { class: 'num' }, units(f.covered)),
    el('td', { class: 'num' }, units(f.unmet)), el('td', {}, (f.reasonsUnmet || []).join('; '))));
  return el('div', {},
    el('p', { class: 'meta', id: 'solver-status' }, `Solver ${s.name || '—'}: ${String(s.status || '').toLowerCase()}`
      + `${s.gap !== undefined && s.gap !== null ? `, gap ${(s.gap * 100).toFixed(2)}%` : ''}`
      + `${s.solveMillis !== undefined ? `, ${(s.solveMillis / 1000).toFixed(1)} s` : ''}; p${Math.round(response.quantile * 100)} demand`
      + ` over ${response.horizonDays} days as of ${response.asOf}.`),
    el('p', { class: 'meta' }, `Shortfall ${units(t.requested, 'units')}, covered ${units(t.covered, 'units')}, `
      + `unmet ${units(t.unmet, 'units')}; ${t.transfers} transfers, ${t.crossBorder} across the border.`),
    table('Recommended transfers, each with what it covers and why', ['Product', 'From', 'To', 'Lot',
      { label: 'Quantity', numeric: true }, 'Cross-border', { label: 'Transit', numeric: true }, 'Explanation'], rows,
    { empty: 'No transfer can cover a projected shortfall within the rules.' }),
    table(`Shortfalls left unmet, and why (${short.length > 40 ? `the 40 largest of ${short.length}` : short.length})`, ['Site', 'Product', { label: 'Short', numeric: true },
      { label: 'Covered', numeric: true }, { label: 'Unmet', numeric: true }, 'Why'], unmet,
    { empty: 'Every projected shortfall is covered.' }));
}

async function scenarioForm(results) {
  let crossings = [];
  try {
    const page = await api('/api/v1/border-crossings');
    crossings = page.items || page;
  } catch (error) {
    crossings = [];
  }
  const form = el('form', {
    class: 'filters', id: 'scenario-form', 'aria-label': 'What-if scenario', onsubmit: async event => {
      event.preventDefault();
      const data = new FormData(form);
      const body = settings(form);
      body.surges = data.get('surgeRegion') ? [{ region: data.get('surgeRegion'), multiplier: Number(data.get('multiplier') || 1) }] : [];
      body.closedCrossings = data.getAll('closedCrossing');
      body.closedSites = data.get('closedSite') ? [data.get('closedSite')] : [];
      body.recalledProducts = data.get('recalledProduct') ? [data.get('recalledProduct')] : [];
      results.replaceChildren(el('p', { class: 'loading' }, 'Solving both…'));
      try {
        const response = await api('/api/v1/transfer-scenarios', { method: 'POST', body });
        results.replaceChildren(comparison(response));
      } catch (error) {
        results.replaceChildren(el('p', { class: 'error', role: 'alert' }, `No scenario: ${error.message}`));
      }
    },
  }, settingsFields('whatif'),
  el('label', {}, 'Surge in region ', el('input', { name: 'surgeRegion', id: 'surge-region', size: 10, placeholder: 'e.g. HHS-2' })),
  el('label', {}, 'Demand multiplier ', el('input', { name: 'multiplier', id: 'surge-multiplier', type: 'number',
    min: 0, step: 0.1, value: 2 })),
  el('label', {}, 'Site closed ', el('input', { name: 'closedSite', id: 'closed-site', size: 12, placeholder: 'site code' })),
  crossings.length ? el('fieldset', {}, el('legend', {}, 'Border crossings closed'), crossings.map(c => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'closedCrossing', value: c.name }), c.name))) : null,
  el('label', {}, 'Product recalled ', el('input', { name: 'recalledProduct', id: 'recalled-product', size: 14, placeholder: 'product code' })),
  el('button', { type: 'submit', id: 'run-scenario' }, 'Compare with today'));
  return form;
}

function comparison(response) {
  const before = totals(response.baseline);
  const after = totals(response.scenario);
  const delta = (a, b) => { const d = b - a; return d === 0 ? 'no change' : `${d > 0 ? '+' : ''}${d.toLocaleString('en-US')}`; };
  const row = (label, a, b) => el('tr', {}, el('th', { scope: 'row' }, label),
    el('td', { class: 'num' }, a.toLocaleString('en-US')), el('td', { class: 'num' }, b.toLocaleString('en-US')),
    el('td', { class: 'num' }, delta(a, b)));
  const key = r => `${r.from.code}>${r.to.code}:${r.product.code}:${r.lot.lotNumber}`;
  const baseKeys = new Set(response.baseline.recommendations.map(key));
  const fresh = response.scenario.recommendations.filter(r => !baseKeys.has(key(r)));
  return el('div', {},
    table('Today against the scenario (nothing is stored)', ['', { label: 'Today', numeric: true },
      { label: 'Scenario', numeric: true }, { label: 'Change', numeric: true }], [
      row('Shortfall (units)', before.requested, after.requested),
      row('Covered (units)', before.covered, after.covered),
      row('Unmet (units)', before.unmet, after.unmet),
      row('Transfers', before.transfers, after.transfers),
      row('Cross-border transfers', before.crossBorder, after.crossBorder)], { class: 'data compact' }),
    table('Transfers the scenario adds', ['Product', 'From', 'To', { label: 'Quantity', numeric: true }],
      fresh.map(r => el('tr', {}, el('th', { scope: 'row' }, r.product.name || r.product.code),
        el('td', {}, place(r.from)), el('td', {}, place(r.to)), el('td', { class: 'num' }, units(r.quantity, 'units')))),
      { empty: 'The scenario adds no transfer.' }));
}
