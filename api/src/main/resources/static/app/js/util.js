// Small DOM and formatting helpers. Every text goes in as a text node, never as HTML.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** A whole quantity with its unit: "12,400 vials". */
export function units(value, unit) {
  if (value === null || value === undefined) return '—';
  return unit ? `${whole.format(value)} ${unit}` : whole.format(value);
}

export function days(value) {
  if (value === null || value === undefined) return 'no recent use';
  return `${one.format(value)} days`;
}

/** The supply band of a number of days of supply, for colour and words alike. */
export function band(daysOfSupply) {
  if (daysOfSupply === null || daysOfSupply === undefined) return { key: 'unknown', label: 'no recent use' };
  if (daysOfSupply < 14) return { key: 'critical', label: 'under 14 days' };
  if (daysOfSupply < 30) return { key: 'low', label: '14 to 30 days' };
  return { key: 'ok', label: '30 days or more' };
}

export function asOf(date = new Date()) {
  return el('p', { class: 'asof' }, 'As of ', el('time', { datetime: date.toISOString() },
    date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'));
}

export function table(caption, headers, rows, options = {}) {
  return el('div', { class: 'table-wrap' }, el('table', { class: options.class || 'data' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', class: h.numeric ? 'num' : null },
      h.label || h)))),
    el('tbody', {}, rows.length === 0
      ? el('tr', {}, el('td', { colspan: headers.length, class: 'empty' }, options.empty || 'Nothing to show.'))
      : rows)));
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.className = `toast ${kind}`;
  box.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.textContent = ''; box.className = 'toast'; }, 8000);
}

export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}
