// The API token of this browser tab. The processor answers 401 when api.auth.mode=required and no valid token
// came with a request; the page then asks for one and keeps it in sessionStorage: it is gone when the tab
// closes, other tabs and sites do not see it, and it is only ever sent to this origin's /api/ as
// "Authorization: Bearer ...". With authentication off (the local stack) nothing is ever asked for.

import {el} from './dom.js';

const KEY = 'telemetry.apiToken';
let prompt = null;

export function token() {
  try {
    return sessionStorage.getItem(KEY);
  } catch (e) {
    return null; // storage disabled: ask every time
  }
}

function store(value) {
  try {
    if (value) {
      sessionStorage.setItem(KEY, value);
    } else {
      sessionStorage.removeItem(KEY);
    }
  } catch (e) {
    console.warn('cannot keep the API token in sessionStorage', e);
  }
}

/** {@code headers} plus the Authorization header when this tab has a token. */
export function withToken(headers) {
  const t = token();
  return t ? {...headers, Authorization: `Bearer ${t}`} : headers;
}

/**
 * The processor refused the token (or got none): forget it and ask for another, once, above the page. Submitting
 * reloads the page, so that every view and the live stream start again with the new token.
 */
export function askForToken(reason) {
  store(null);
  if (prompt) {
    return;
  }
  document.body.dataset.auth = 'needed';
  const input = el('input', {type: 'password', id: 'token-input', name: 'token', autocomplete: 'off',
    spellcheck: 'false', required: true, placeholder: 'API token'});
  prompt = el('form', {class: 'token-prompt notice', id: 'token-prompt'},
      el('p', {text: 'This processor needs an API token (scope read; write to change rules).'}),
      el('p', {class: 'muted', text: reason || ''}),
      el('label', {for: 'token-input', text: 'Token '}), input,
      el('button', {type: 'submit', text: 'Use token'}));
  prompt.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (value) {
      store(value);
      location.reload();
    }
  });
  document.body.prepend(prompt);
  input.focus();
}
