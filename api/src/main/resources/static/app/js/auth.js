// Sign-in: through the agencies' identity provider where one is configured, the local demo clients in the embedded
// default, or a bearer token pasted from the organisation's issuer.
import { claims, signIn, signOut } from './api.js';
import { beginSignIn, endProviderSession, provider } from './oidc.js';
import { el } from './util.js';

export function renderWho(onChange) {
  const box = document.getElementById('who');
  box.replaceChildren();
  const c = claims();
  if (!c) return;
  box.append(el('span', { class: 'client' }, c.client),
    el('span', { class: 'scopes' }, c.scopes.join(' · ') + (c.jurisdiction ? ` · ${c.jurisdiction}` : '')),
    el('button', { type: 'button', class: 'link', onclick: () => { if (!endProviderSession(signOut())) onChange(); } }, 'Sign out'));
}

export async function renderSignIn(main, onSignedIn, failure = null) {
  const message = el('p', { class: 'error', role: 'alert' }, failure || '');
  const section = el('section', { class: 'signin', 'aria-labelledby': 'signin-title' },
    el('h2', { id: 'signin-title' }, 'Sign in'),
    el('p', {}, 'Stockbridge shows each person what their token allows: stockpile managers change stock in their own ',
      'country, officials read both, partners see only their own sites.'));
  main.replaceChildren(section);
  const oidc = await provider();
  if (oidc) {
    const start = el('button', {
      type: 'button', id: 'sign-in-provider', onclick: async () => {
        start.disabled = true;
        try {
          await beginSignIn(oidc);
        } catch (error) {
          start.disabled = false;
          message.textContent = error.message || String(error);
        }
      },
    }, 'Sign in with your agency account');
    section.append(el('div', { class: 'stack' }, start, el('p', {}, `Through ${oidc.issuer}`)));
  }
  let clients = null;
  try {
    const response = await fetch('/auth/local-clients', { headers: { Accept: 'application/json' } });
    if (response.ok) clients = await response.json();
  } catch (e) {
    clients = null;
  }
  if (clients && clients.length) {
    const select = el('select', { id: 'demo-client', name: 'client' },
      clients.map(c => el('option', { value: c.client }, `${c.client} — ${c.description || c.scopes.join(', ')}`)));
    section.append(el('form', {
      class: 'stack', onsubmit: async event => {
        event.preventDefault();
        const response = await fetch(`/auth/local-token?client=${encodeURIComponent(select.value)}`, { method: 'POST' });
        if (!response.ok) { message.textContent = `No token: HTTP ${response.status}`; return; }
        signIn(await response.text());
        onSignedIn();
      },
    }, el('label', { for: 'demo-client' }, 'Demo user (this machine only)'), select,
    el('button', { type: 'submit', id: 'sign-in' }, 'Sign in'), message));
  }
  const pasted = el('textarea', { id: 'token', rows: 3, spellcheck: 'false', autocomplete: 'off' });
  section.append(el('form', {
    class: 'stack', onsubmit: event => {
      event.preventDefault();
      signIn(pasted.value);
      if (!claims()) { signOut(); message.textContent = 'That is not a valid, unexpired bearer token.'; return; }
      onSignedIn();
    },
  }, el('label', { for: 'token' }, 'Or paste a bearer token from your identity provider'), pasted,
  el('button', { type: 'submit' }, 'Use this token')));
  if (!section.contains(message)) section.append(message);
}
