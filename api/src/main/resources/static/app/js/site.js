// Site view: stock by product and lot, consumption with the demand forecast, movements, and the ledger's forms.
import { actsIn, all, api, can } from './api.js';
import { asOf, band, days, el, isoDay, table, toast, units } from './util.js';
import { forecastPanel } from './forecast.js';

let chart = null;

export async function render(main, [code]) {
  if (!code) {
    await picker(main);
    return;
  }
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const [site, lines, history] = await Promise.all([
    api(`/api/v1/sites/${encodeURIComponent(code)}`),
    all(`/api/v1/sites/${encodeURIComponent(code)}/stock`),
    api(`/api/v1/movements?site=${encodeURIComponent(code)}&limit=20`),
  ]);
  const products = [...new Map(lines.map(l => [l.product.code, l.product])).values()];
  const selected = products.find(p => p.code === params.get('product')) || products[0] || null;

  const stockRows = lines.map((line, i) => {
    const first = i === 0 || lines[i - 1].product.code !== line.product.code;
    const b = band(line.product.daysOfSupply);
    return el('tr', { class: first ? 'first' : null },
      el('th', { scope: 'row' }, first ? el('a', {
        href: `#/site/${encodeURIComponent(code)}?product=${encodeURIComponent(line.product.code)}`,
      }, line.product.name, el('span', { class: 'code' }, ` ${line.product.code}`)) : ''),
      el('td', {}, line.lot.number),
      el('td', {}, line.lot.effectiveExpiry, line.lot.extendedExpiry ? el('span', { class: 'tag' }, 'SLEP') : null),
      el('td', {}, line.lot.status.toLowerCase(), line.lot.issuable ? '' : el('span', { class: 'tag warn' }, 'not issuable')),
      el('td', { class: 'num' }, units(line.lot.onHand, line.product.unitOfIssue)),
      el('td', { class: `num supply ${first ? b.key : ''}` }, first ? days(line.product.daysOfSupply) : ''));
  });

  const movementRows = history.items.map(m => el('tr', {},
    el('td', {}, m.occurredAt.replace('T', ' ').slice(0, 16)), el('td', {}, m.type.toLowerCase().replace('_', ' ')),
    el('td', {}, m.product), el('td', {}, m.lot), el('td', { class: 'num' }, m.quantity.toLocaleString('en-US')),
    el('td', {}, m.reasonCode || ''), el('td', {}, m.actor)));

  main.replaceChildren(
    el('h2', {}, site.name),
    el('p', { class: 'meta' }, `${site.code} · ${site.jurisdiction === 'US' ? 'United States' : 'Canada'} · `
      + `${site.kind.toLowerCase()} · ${site.region}${site.federal ? ' · federal' : ''}`),
    asOf(),
    el('section', { 'aria-labelledby': 'stock-title' },
      el('h3', { id: 'stock-title' }, 'Stock by product and lot'),
      table('On hand per lot; days of supply per product from the last 28 days of issues',
        ['Product', 'Lot', 'Effective expiry', 'Status', { label: 'On hand', numeric: true },
          { label: 'Days of supply', numeric: true }], stockRows, { empty: 'This site holds no stock.' })),
    selected ? el('section', { 'aria-labelledby': 'trend-title' },
      el('h3', { id: 'trend-title' }, `Consumption and forecast: ${selected.name}`),
      el('div', { class: 'chart-box' }, el('canvas', { id: 'consumption-chart', role: 'img',
        'aria-label': `Daily units of ${selected.name} issued at ${site.name} over the last 180 days, with the demand forecast` })),
      el('div', { id: 'forecast-panel' })) : null,
    actsIn(site.jurisdiction) ? forms(site, products) : el('p', { class: 'hint', id: 'no-actions' },
      can('write') ? `You may view ${site.code} but change stock only in your own jurisdiction.`
        : 'Your token may read but not change stock.'),
    el('section', { 'aria-labelledby': 'movements-title' },
      el('h3', { id: 'movements-title' }, 'Latest movements'),
      table('The 20 latest ledger lines, newest first',
        ['Occurred (UTC)', 'Type', 'Product', 'Lot', { label: 'Quantity', numeric: true }, 'Reason', 'By'],
        movementRows, { empty: 'No movements yet.' })));

  if (selected) {
    await drawConsumption(main, code, selected);
    const panel = main.querySelector('#forecast-panel');
    if (panel) await forecastPanel(panel, code, selected, chart);
  }
}

async function picker(main) {
  const supply = await all('/api/v1/stock/by-site');
  const search = el('input', { id: 'site-search', type: 'search', placeholder: 'code, name or region' });
  const list = el('ul', { class: 'site-list' });
  const fill = () => {
    const q = search.value.toLowerCase();
    list.replaceChildren(...supply.filter(s => !q || `${s.site} ${s.name} ${s.region}`.toLowerCase().includes(q))
      .map(s => el('li', {}, el('a', { href: `#/site/${encodeURIComponent(s.site)}` }, `${s.name} (${s.site})`),
        el('span', { class: `supply ${band(s.lowestDaysOfSupply).key}` }, ` lowest ${days(s.lowestDaysOfSupply)}`))));
  };
  search.addEventListener('input', fill);
  fill();
  main.replaceChildren(el('h2', {}, 'Sites'), asOf(),
    el('label', { for: 'site-search' }, 'Find a site '), search, list);
}

async function drawConsumption(main, code, product) {
  const today = new Date();
  const from = new Date(today.getTime() - 179 * 86400000);
  const series = await api(`/api/v1/sites/${encodeURIComponent(code)}/products/${encodeURIComponent(product.code)}`
    + `/consumption?from=${isoDay(from)}&to=${isoDay(today)}`);
  const canvas = main.querySelector('#consumption-chart');
  if (!canvas || !canvas.isConnected) return;
  if (chart) chart.destroy();
  chart = new window.Chart(canvas, {
    type: 'line',
    data: {
      labels: series.days.map(d => d.date),
      datasets: [{ label: `Issued (${series.unitOfIssue} a day)`, data: series.days.map(d => d.issued),
        borderColor: '#1d4f91', backgroundColor: 'rgba(29,79,145,0.1)', pointRadius: 0, borderWidth: 1.5 }],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: 'index', intersect: false },
      scales: { x: { ticks: { maxTicksLimit: 10 } }, y: { beginAtZero: true, title: { display: true, text: series.unitOfIssue } } },
    },
  });
}

function forms(site, products) {
  const productOptions = el('datalist', { id: 'site-products' },
    products.map(p => el('option', { value: p.code }, p.name)));
  const status = el('p', { class: 'form-status', role: 'alert', id: 'form-status' });
  const submit = (buildBody) => async event => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target).entries());
    status.textContent = '';
    status.className = 'form-status';
    try {
      const result = await api('/api/v1/movements', { method: 'POST', body: buildBody(data), idempotent: true });
      const line = result.movements[result.movements.length - 1];
      toast(`${line.type.toLowerCase()} posted: lot ${line.lotNumber} now holds ${line.balanceAfter.toLocaleString('en-US')}`);
      const target = `#/site/${encodeURIComponent(site.code)}?product=${encodeURIComponent(data.product)}`;
      if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else location.hash = target;
    } catch (error) {
      status.className = 'form-status error';
      status.textContent = `Refused: ${error.message}` + (error.body && error.body.missing ? ` (missing ${error.body.missing})` : '');
    }
  };
  const field = (label, name, attributes = {}) => el('label', {}, label, el('input', { name, required: true, ...attributes }));
  const productField = () => field('Product', 'product', { list: 'site-products', size: 18 });
  const quantity = () => field('Quantity', 'quantity', { type: 'number', min: 1, step: 1, inputmode: 'numeric' });
  return el('section', { 'aria-labelledby': 'actions-title', class: 'actions' },
    el('h3', { id: 'actions-title' }, 'Record a movement'), productOptions, status,
    el('div', { class: 'form-grid' },
      el('form', { id: 'receipt-form', 'aria-label': 'Receipt', onsubmit: submit(d => ({ site: site.code, product: d.product,
        type: 'RECEIPT', quantity: Number(d.quantity), lot: { number: d.lot, expiry: d.expiry || null }, documentRef: d.documentRef || null })) },
        el('h4', {}, 'Receipt'), productField(), field('Lot', 'lot'),
        field('Expiry (new lot)', 'expiry', { type: 'date', required: false }), quantity(),
        field('Document', 'documentRef', { required: false }), el('button', { type: 'submit' }, 'Post receipt')),
      el('form', { id: 'issue-form', 'aria-label': 'Issue', onsubmit: submit(d => ({ site: site.code, product: d.product,
        type: 'ISSUE', quantity: Number(d.quantity), lot: d.lot ? { number: d.lot } : null })) },
        el('h4', {}, 'Issue'), productField(), field('Lot (empty: first expiry first out)', 'lot', { required: false }),
        quantity(), el('button', { type: 'submit' }, 'Post issue')),
      el('form', { id: 'count-form', 'aria-label': 'Count', onsubmit: submit(d => ({ site: site.code, product: d.product,
        type: 'COUNT', counted: Number(d.counted), lot: { number: d.lot } })) },
        el('h4', {}, 'Physical count'), productField(), field('Lot', 'lot'),
        field('Counted', 'counted', { type: 'number', min: 0, step: 1, inputmode: 'numeric' }),
        el('button', { type: 'submit' }, 'Post count')),
      el('form', { id: 'writeoff-form', 'aria-label': 'Write-off', onsubmit: submit(d => ({ site: site.code, product: d.product,
        type: 'WRITE_OFF', quantity: Number(d.quantity), reasonCode: d.reason, lot: { number: d.lot } })) },
        el('h4', {}, 'Write-off'), productField(), field('Lot', 'lot'), quantity(),
        el('label', {}, 'Reason', el('select', { name: 'reason' },
          ['EXPIRED', 'DAMAGED', 'RECALLED'].map(r => el('option', { value: r }, r.toLowerCase())))),
        el('button', { type: 'submit' }, 'Post write-off'))));
}
