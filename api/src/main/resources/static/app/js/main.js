// The dashboard: a hash-routed page over the public API.
import { claims } from './api.js';
import { renderSignIn, renderWho } from './auth.js';
import { completeSignIn } from './oidc.js';
import { el } from './util.js';
import * as national from './national.js';
import * as site from './site.js';
import * as shortages from './shortages.js';
import * as transfers from './transfers.js';
import * as alerts from './alerts.js';

const views = { national, site, shortages, transfers, alerts };
const BADGE_REFRESH_MS = 30000;
let generation = 0;
let signInFailure = null;

async function route() {
  const main = document.getElementById('main');
  renderWho(route);
  alerts.refreshBadge();
  if (!claims()) {
    highlight(null);
    const failure = signInFailure;
    signInFailure = null;
    await renderSignIn(main, route, failure);
    return;
  }
  const [, name = 'national', ...rest] = (location.hash || '#/national').slice(1).split('?')[0].split('/');
  const view = views[name] || national;
  highlight(views[name] ? name : 'national');
  // Each route renders into a container of its own: a slow earlier view finishing late writes into its own,
  // detached container and never over the view the user has moved on to.
  const mine = ++generation;
  const container = el('div', { class: 'view' }, el('p', { class: 'loading' }, 'Loading…'));
  main.replaceChildren(container);
  try {
    await view.render(container, rest.map(decodeURIComponent));
  } catch (error) {
    if (mine === generation) {
      container.replaceChildren(el('section', {},
        el('h2', {}, 'This view could not be loaded'),
        el('p', { class: 'error', role: 'alert' }, error.message || String(error))));
    }
  }
  if (mine === generation) main.focus({ preventScroll: true });
}

function highlight(name) {
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function start() {
  try {
    await completeSignIn();
  } catch (error) {
    signInFailure = error.message || String(error);
  }
  window.addEventListener('hashchange', route);
  setInterval(alerts.refreshBadge, BADGE_REFRESH_MS);
  await route();
}

start();
