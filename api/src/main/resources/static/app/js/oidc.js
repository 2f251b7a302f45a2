// Sign-in through the agencies' OpenID Connect provider, where /app/config names one: the authorization code flow with
// PKCE (S256) for a public client, so the page holds no secret. The verifier and state wait in sessionStorage while the
// browser is at the provider; the access token is kept as any other (api.js), the ID token only to end the session.
import { signIn } from './api.js';

const PENDING = 'stockbridge.oidc.pending';

/** The provider the dashboard signs in through ({ issuer, clientId, scope }), or null when none is configured. */
export async function provider() {
  try {
    const response = await fetch('/app/config', { headers: { Accept: 'application/json' } });
    return response.ok ? (await response.json()).oidc || null : null;
  } catch (e) {
    return null;
  }
}

async function metadata(issuer) {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`the identity provider ${issuer} did not describe itself (HTTP ${response.status})`);
  const meta = await response.json();
  // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was fetched for
  if (!sameIssuer(meta.issuer, issuer)) throw new Error(`the identity provider at ${issuer} names another issuer`);
  return meta;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(length) {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

async function s256(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function redirectUri() {
  return `${location.origin}/app/`;
}

function sameIssuer(a, b) {
  return String(a || '').replace(/\/+$/, '') === String(b || '').replace(/\/+$/, '');
}

/** Sends the browser to the provider's sign-in page; it comes back to /app/ with a code. */
export async function beginSignIn(config) {
  const meta = await metadata(config.issuer);
  const verifier = random(32);
  const state = random(16);
  sessionStorage.setItem(PENDING, JSON.stringify({
    verifier, state, issuer: config.issuer, clientId: config.clientId, tokenEndpoint: meta.token_endpoint,
    endSession: meta.end_session_endpoint || null, hash: location.hash,
  }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope, state,
    code_challenge: await s256(verifier), code_challenge_method: 'S256',
  });
  location.assign(`${meta.authorization_endpoint}?${query}`);
}

/**
 * Completes a sign-in the provider has sent the browser back from: exchanges the code and the verifier for a token.
 * False when the address carries no answer from a provider; throws with the reason when the sign-in failed.
 */
export async function completeSignIn() {
  const answer = new URLSearchParams(location.search);
  if (!answer.has('code') && !answer.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname + ((pending && pending.hash) || location.hash));
  if (answer.has('error')) {
    throw new Error(`The identity provider refused the sign-in: ${answer.get('error_description') || answer.get('error')}`);
  }
  if (!pending || answer.get('state') !== pending.state) {
    throw new Error('This sign-in was not started from this page (its state does not match). Sign in again.');
  }
  if (answer.has('iss') && !sameIssuer(answer.get('iss'), pending.issuer)) {
    throw new Error(`The answer came from ${answer.get('iss')}, not from ${pending.issuer}. Sign in again.`);
  }
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: answer.get('code'), redirect_uri: redirectUri(),
      client_id: pending.clientId, code_verifier: pending.verifier,
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) {
    throw new Error(`The identity provider gave no token: ${body.error_description || body.error || `HTTP ${response.status}`}`);
  }
  signIn(body.access_token, { clientId: pending.clientId, endSession: pending.endSession, idToken: body.id_token || null });
  return true;
}

/** Ends the provider's session too, when the token came from one: the provider sends the browser back to /app/. */
export function endProviderSession(session) {
  if (!session || !session.endSession) return false;
  const query = new URLSearchParams({ client_id: session.clientId, post_logout_redirect_uri: redirectUri() });
  if (session.idToken) query.set('id_token_hint', session.idToken);
  location.assign(`${session.endSession}?${query}`);
  return true;
}
