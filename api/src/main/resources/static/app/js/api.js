// The public API, called with the signed-in user's token: the page can never do what the API would refuse.

const TOKEN = 'stockbridge.token';
const PROVIDER_SESSION = 'stockbridge.provider-session';

export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `the request failed with HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN);
}

/** Keeps the token; session names the provider session it came from (oidc.js), to end it at sign-out. */
export function signIn(value, session = null) {
  sessionStorage.setItem(TOKEN, value.trim());
  if (session) sessionStorage.setItem(PROVIDER_SESSION, JSON.stringify(session));
  else sessionStorage.removeItem(PROVIDER_SESSION);
}

/** Forgets the token; returns the provider session it came from, if any. */
export function signOut() {
  const session = JSON.parse(sessionStorage.getItem(PROVIDER_SESSION) || 'null');
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(PROVIDER_SESSION);
  return session;
}

/** The one country a jurisdiction claim names ("US", or ["CA"]); null when it names both (["US", "CA"]). */
function oneJurisdiction(claim) {
  const names = Array.isArray(claim) ? claim : String(claim || '').split(/[\s,]+/).filter(Boolean);
  return names.length === 1 ? names[0] : null;
}

/** The token's claims (client, scopes, jurisdiction, sites, expiry), or null without a usable token. */
export function claims() {
  const value = token();
  if (!value) return null;
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(decodeURIComponent(atob(part).split('').map(c =>
      '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2)).join('')));
    if (json.exp && json.exp * 1000 < Date.now()) return null;
    return {
      client: json.preferred_username || json.sub,
      scopes: (json.scope || '').split(' ').filter(Boolean),
      jurisdiction: oneJurisdiction(json.jurisdiction),
      partner: Boolean(json.sites || json.agency),
      expires: json.exp ? new Date(json.exp * 1000) : null,
    };
  } catch (e) {
    return null;
  }
}

export function can(scope) {
  const c = claims();
  return Boolean(c && c.scopes.includes(scope));
}

/** Whether the user may change stock at a site of this jurisdiction (a manager only in their own). */
export function actsIn(jurisdiction) {
  const c = claims();
  return Boolean(c && c.scopes.includes('write') && (!c.jurisdiction || c.jurisdiction === jurisdiction));
}

export async function api(path, { method = 'GET', body, headers = {}, idempotent = false } = {}) {
  const request = { method, headers: { Accept: 'application/json', ...headers } };
  const value = token();
  if (value) request.headers.Authorization = `Bearer ${value}`;
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  if (idempotent) request.headers['Idempotency-Key'] = crypto.randomUUID();
  const response = await fetch(path, request);
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = { detail: text }; }
  if (!response.ok) throw new Problem(response.status, parsed);
  return parsed;
}

/** Every item of a paged list, following nextCursor, up to a bound. */
export async function all(path, bound = 2000) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await api(`${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < bound);
  return items;
}
