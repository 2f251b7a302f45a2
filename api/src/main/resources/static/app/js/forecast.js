// The demand forecast and stockout projection of one (site, product), drawn over the consumption chart, with the
// what-if parameters that recompute it without storing anything.
import { api, can } from './api.js';
import { el, units } from './util.js';

const HORIZONS = [7, 28, 90];

export async function forecastPanel(panel, site, product, chart, options = {}) {
  if (!can('forecast')) {
    panel.replaceChildren(el('p', { class: 'hint' }, 'Forecasts need the forecast scope.'));
    return;
  }
  const horizon = options.horizon || 28;
  const multiplier = options.multiplier || 1;
  const delay = options.delay || 0;
  panel.replaceChildren(el('p', { class: 'loading' }, 'Computing the forecast…'));
  let forecast;
  try {
    forecast = await api(`/api/v1/sites/${encodeURIComponent(site)}/products/${encodeURIComponent(product.code)}`
      + `/forecast?horizon=${horizon}&demandMultiplier=${multiplier}&leadTimeDelayDays=${delay}`);
  } catch (error) {
    panel.replaceChildren(el('p', { class: 'error', role: 'alert' }, `No forecast: ${error.message}`));
    return;
  }
  if (!panel.isConnected) return;
  draw(chart, forecast);
  const p = forecast.projection;
  const unit = product.unitOfIssue;
  const model = forecast.model || {};
  const form = el('form', {
    class: 'filters', id: 'what-if', 'aria-label': 'What if', onsubmit: event => {
      event.preventDefault();
      const data = new FormData(event.target);
      forecastPanel(panel, site, product, chart, { horizon: Number(data.get('horizon')),
        multiplier: Number(data.get('multiplier')), delay: Number(data.get('delay')) });
    },
  },
  el('label', {}, 'Horizon', el('select', { name: 'horizon' }, HORIZONS.map(h =>
    el('option', { value: h, selected: h === horizon }, `${h} days`)))),
  el('label', {}, 'Demand multiplier', el('input', { name: 'multiplier', type: 'number', min: 0, max: 100, step: 0.1,
    value: multiplier })),
  el('label', {}, 'Resupply delay (days)', el('input', { name: 'delay', type: 'number', min: 0, max: 365, step: 1,
    value: delay })),
  el('button', { type: 'submit' }, 'Recompute'));
  panel.replaceChildren(
    el('div', { class: 'cards' },
      el('div', { class: 'card', id: 'forecast-demand' }, el('h4', {}, `Demand over ${forecast.horizonDays} days`),
        el('dl', { class: 'kv' },
          el('dt', {}, 'Expected (mean)'), el('dd', {}, units(Math.round(forecast.demand.expected), unit)),
          el('dt', {}, 'Median'), el('dd', {}, units(Math.round(forecast.demand.p50), unit)),
          el('dt', {}, '80% interval'), el('dd', {}, `${units(Math.round(forecast.demand.p10), '')} – `
            + `${units(Math.round(forecast.demand.p90), unit)}`),
          el('dt', {}, 'Usable now'), el('dd', {}, units(forecast.usable, unit)))),
      el('div', { class: 'card', id: 'forecast-stockout' }, el('h4', {}, 'Stockout projection'),
        el('dl', { class: 'kv' },
          el('dt', {}, 'Probability'), el('dd', {}, `${Math.round(p.stockoutProbability * 100)}% within the horizon`),
          el('dt', {}, 'Expected date'), el('dd', {}, p.expectedStockoutDate || 'none within the horizon'),
          el('dt', {}, `Date at p${Math.round(p.quantile * 100)}`), el('dd', {}, p.stockoutDateAtQuantile || 'none'),
          el('dt', {}, `Shortfall at p${Math.round(p.quantile * 100)}`), el('dd', {}, units(Math.round(p.shortfall), unit)),
          el('dt', {}, 'Supply risk'), el('dd', { id: 'forecast-supply-risk' },
            `${Math.round(forecast.supplyRisk * 100)}% (90-day shortage risk`
            + `${forecast.supplyRiskFreshness ? `, from ${forecast.supplyRiskFreshness.statement}` : ': none applied, no risk model could be read'})`))),
      el('div', { class: 'card' }, el('h4', {}, 'Model'),
        el('dl', { class: 'kv' },
          el('dt', {}, 'Model'), el('dd', {}, `${model.name || 'unnamed'} v${model.version ?? '—'}`),
          el('dt', {}, 'Trained on'), el('dd', {}, `${model.trainingFrom || '?'} to ${model.trainingTo || '?'}`),
          el('dt', {}, 'As of'), el('dd', {}, forecast.asOf)))),
    form);
}

/** Extends the consumption chart into the horizon: the daily demand band (p10–p90), its median, and the on-hand path. */
function draw(chart, forecast) {
  if (!chart) return;
  const history = chart.data.labels.filter(l => l <= forecast.asOf);
  const start = new Date(`${forecast.asOf}T00:00:00Z`);
  const future = [];
  for (let d = 1; d <= forecast.horizonDays; d++) {
    future.push(new Date(start.getTime() + d * 86400000).toISOString().slice(0, 10));
  }
  const perDay = value => value / forecast.horizonDays;
  const pad = new Array(history.length).fill(null);
  const flat = value => pad.concat(future.map(() => perDay(value)));
  chart.data.labels = history.concat(future);
  chart.data.datasets = [
    { ...chart.data.datasets[0], data: chart.data.datasets[0].data.slice(0, history.length) },
    { label: 'Forecast p90 (a day)', data: flat(forecast.demand.p90), borderColor: 'rgba(198,40,40,0.0)',
      backgroundColor: 'rgba(212,148,0,0.25)', pointRadius: 0, fill: '+1' },
    { label: 'Forecast p10 (a day)', data: flat(forecast.demand.p10), borderColor: 'rgba(198,40,40,0.0)',
      pointRadius: 0, fill: false },
    { label: 'Forecast median (a day)', data: flat(forecast.demand.p50), borderColor: '#b36b00', borderDash: [6, 4],
      pointRadius: 0, borderWidth: 2, fill: false },
    { label: 'Projected on hand (median demand)', yAxisID: 'stock',
      data: pad.concat(forecast.projection.path.slice(0, future.length).map(d => d.onHandP50)),
      borderColor: '#2e7d32', pointRadius: 0, borderWidth: 2, fill: false },
    { label: `Projected on hand (p${Math.round(forecast.projection.quantile * 100)} demand)`, yAxisID: 'stock',
      data: pad.concat(forecast.projection.path.slice(0, future.length).map(d => d.onHandAtQuantile)),
      borderColor: '#c62828', borderDash: [3, 3], pointRadius: 0, borderWidth: 2, fill: false },
  ];
  chart.options.scales.stock = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
    title: { display: true, text: 'on hand' } };
  chart.update();
}
