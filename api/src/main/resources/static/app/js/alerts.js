// Alerts view: what the signed-in client's subscriptions raised and cleared, newest first, with the evidence, and the
// unread count on the bell in the navigation. Marking all read marks each unread alert through the public API.
import { all, api, claims } from './api.js';
import { asOf, el, table, toast } from './util.js';

const EVENTS = {
  STOCK_BELOW_POLICY: 'Stock below policy',
  TRANSFER_AWAITING_APPROVAL: 'Transfer awaiting approval',
  TRANSFER_DISPATCHED: 'Transfer dispatched',
  TRANSFER_RECEIVED: 'Transfer received',
};

/** Shows the caller's unread count on the bell; hides the number when there is nothing unread. */
export async function refreshBadge() {
  const badge = document.getElementById('alert-badge');
  if (!badge) return;
  if (!claims()) { show(badge, 0); return; }
  try {
    const page = await api('/api/v1/alerts?limit=1');
    show(badge, page.unreadCount);
  } catch (error) {
    show(badge, 0);
  }
}

function show(badge, count) {
  badge.textContent = count > 99 ? '99+' : String(count);
  badge.hidden = !count;
  badge.dataset.count = String(count || 0);
  badge.parentElement.setAttribute('aria-label', count ? `Alerts, ${count} unread` : 'Alerts, none unread');
}

export async function render(main) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const unreadOnly = params.get('unread') === 'true';
  const page = await api(`/api/v1/alerts?limit=100${unreadOnly ? '&unread=true' : ''}`);
  showCount(page.unreadCount);
  const markAll = el('button', {
    type: 'button', id: 'mark-all-read', disabled: page.unreadCount === 0, onclick: async () => {
      markAll.disabled = true;
      try {
        const unread = await all('/api/v1/alerts?unread=true', 5000);
        for (const alert of unread) await api(`/api/v1/alerts/${alert.id}/read`, { method: 'POST' });
        toast(`${unread.length} alert${unread.length === 1 ? '' : 's'} marked read.`);
      } catch (error) {
        toast(`Not every alert could be marked read: ${error.message}`, 'error');
      }
      await rerender(main);
    },
  }, 'Mark all read');
  main.replaceChildren(
    el('h2', {}, 'Alerts'),
    asOf(),
    el('p', { class: 'hint' }, 'What your subscriptions raised and cleared, newest first, with the facts seen when ',
      'each was raised. Subscriptions are managed through the API (/api/v1/subscriptions).'),
    el('div', { class: 'filters' },
      el('p', { id: 'unread-count', 'data-count': page.unreadCount }, `${page.unreadCount} unread`),
      el('label', { class: 'check' }, el('input', {
        type: 'checkbox', id: 'unread-only', checked: unreadOnly,
        onchange: event => { location.hash = event.target.checked ? '#/alerts?unread=true' : '#/alerts'; },
      }), 'Unread only'),
      markAll),
    alertTable(page, main));
  if (page.nextCursor) main.append(el('p', { class: 'hint' }, 'Only the newest 100 are shown.'));
}

async function rerender(main) {
  await render(main);
  await refreshBadge();
}

function showCount(count) {
  const badge = document.getElementById('alert-badge');
  if (badge) show(badge, count);
}

function alertTable(page, main) {
  const rows = page.items.map(a => el('tr', { 'data-alert': a.id, class: a.readAt ? 'read' : 'unread' },
    el('td', {}, el('time', { datetime: a.createdAt }, a.createdAt.replace('T', ' ').slice(0, 16) + ' UTC')),
    el('th', { scope: 'row' }, EVENTS[a.event] || a.event, el('span', { class: 'code' }, ` ${a.condition}`)),
    el('td', {}, el('span', { class: `kind ${a.kind.toLowerCase()}` }, a.kind === 'RAISED' ? 'raised' : 'cleared')),
    el('td', {}, summary(a.evidence, a.event)),
    el('td', {}, a.readAt ? el('span', { class: 'muted' }, 'read')
      : el('button', {
        type: 'button', class: 'secondary mark-read', 'aria-label': `Mark alert ${a.id} read`,
        onclick: async event => {
          event.target.disabled = true;
          try {
            await api(`/api/v1/alerts/${a.id}/read`, { method: 'POST' });
          } catch (error) {
            toast(`Not marked read: ${error.message}`, 'error');
          }
          await rerender(main);
        },
      }, 'Mark read'))));
  return table('Alerts, newest first', ['Raised at', 'Event', 'Raised or cleared', 'Evidence', 'Read'], rows,
    { empty: 'No alerts yet.', class: 'data alerts' });
}

/** A one-line account of an alert's evidence. */
export function summary(evidence, event) {
  if (!evidence || typeof evidence !== 'object') return '—';
  const percent = (p) => (typeof p === 'number' ? `${Math.round(p * 1000) / 10} %` : 'not scored');
  switch (event) {
    case 'STOCKOUT_PROBABILITY_ABOVE':
      return `Stockout probability ${percent(evidence.stockoutProbability)} within ${evidence.projectedHorizonDays ?? '—'} days`
        + ` at ${evidence.site} for ${evidence.product} (threshold ${percent(evidence.threshold)}; `
        + `${evidence.usableOnHand ?? '—'} usable on hand)`;
    case 'SHORTAGE_RISK_ABOVE':
      return `Shortage risk of ${evidence.ingredient} ${percent(evidence.probability)} within `
        + `${evidence.horizonDays ?? '—'} days (threshold ${percent(evidence.threshold)})`;
    case 'LOTS_EXPIRING':
      return `Lot ${evidence.lot} of ${evidence.product} at ${evidence.site}: ${evidence.onHand} on hand, expires `
        + `${evidence.expiry} (${evidence.daysLeft} days left)`;
    case 'SHORTAGE_REPORTED': {
      const r = evidence.report && typeof evidence.report === 'object' ? evidence.report : {};
      return `${r.source ?? 'Shortage'} report ${r.sourceKey ?? ''}: ${r.commonName ?? r.brandName ?? ''}`
        + ` (${r.country ?? ''}, ${String(r.lifecycle ?? r.sourceStatus ?? '').toLowerCase()})`;
    }
    default:
      break;
  }
  if ('reorderPoint' in evidence && 'usableOnHand' in evidence) {
    const policy = evidence.policy === false ? 'no stock policy any more'
      : `reorder point ${evidence.reorderPoint}, safety stock ${evidence.safetyStock}`;
    return `${evidence.usableOnHand} usable of ${evidence.onHand} on hand at ${evidence.site} (${policy})`
      + (evidence.level ? `; ${evidence.level.replace(/_/g, ' ').toLowerCase()}` : '');
  }
  if (evidence.transfer && typeof evidence.transfer === 'object') {
    const pending = Array.isArray(evidence.pendingApprovals) && evidence.pendingApprovals.length
      ? `; awaiting approval of ${evidence.pendingApprovals.join(', ')}` : '';
    return `Transfer: ${scalars(evidence.transfer)}${pending}`;
  }
  return scalars(evidence) || '—';
}

function scalars(object) {
  return Object.entries(object).filter(([, v]) => v !== null && typeof v !== 'object').slice(0, 8)
    .map(([k, v]) => `${k} ${v}`).join(', ');
}
