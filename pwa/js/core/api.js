// The one way the app talks to the server: same origin, JSON, the chosen language, the CSRF token on
// every unsafe request, and one error type for the server's envelope {"error": {code, message, fields}}.
import { currentLanguage, t } from './i18n.js';
import { wholeStrings } from './text.js';

const API_ROOT = '/api/v1';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// The token comes from the last login/me/password response; it lives in memory only, never in storage.
let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export class ApiError extends Error {
  constructor(status, code, message, fields = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

// The server refused a request for what it holds (malformed, too large, not JSON): sent again unchanged it
// would be refused again, for ever, and hold up every queue behind it (queue.js). Anything
// else (no answer, 401, 429, 5xx) changed nothing, and the request waits.
const CONTENT_REFUSALS = new Set([400, 413, 415, 422]);

/** Whether a request was refused for its content (see CONTENT_REFUSALS). */
export const refusedForContent = (error) => CONTENT_REFUSALS.has(error.status);

async function send(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': currentLanguage(), ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(API_ROOT + path, {
      method,
      headers,
      credentials: 'same-origin',
      // Staff data must not linger in the HTTP cache of a shared phone.
      cache: 'no-store',
      // Every body, the outbox's replays included, goes out without half an emoji (see text.js).
      body: body === undefined ? undefined : JSON.stringify(body, wholeStrings),
    });
  } catch {
    // fetch rejects only when no response came at all: offline, or the server unreachable.
    throw new ApiError(0, 'network', t('error.network'));
  }
}

// 503: the server is up but cannot reach its database (it says so: database_unavailable). For the person
// and for every screen that is the same as no network: nothing was stored, kept copies are shown, queued
// work waits. So it becomes the status of no answer (0), keeping the server's code and words.
const UNAVAILABLE = 503;

async function toError(response) {
  const data = await response.json().catch(() => null);
  const error = (data && data.error) || {};
  return new ApiError(
    response.status === UNAVAILABLE ? 0 : response.status,
    error.code || `http_${response.status}`,
    error.message || t(response.status === UNAVAILABLE ? 'error.network' : 'error.unexpected'),
    error.fields || {},
  );
}

export async function request(method, path, body) {
  let response = await send(method, path, body);
  if (response.status === 403 && UNSAFE_METHODS.has(method)) {
    const error = await toError(response);
    if (error.code !== 'csrf_failed') throw error;
    // The token went stale (a password change in another tab rotates it): the rejected request changed
    // nothing, so fetch the current token and try once more.
    const me = await request('GET', '/auth/me');
    setCsrfToken(me.csrf_token);
    response = await send(method, path, body);
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return null;
  return response.json();
}

/**
 * A public read checked against the copy the phone keeps: the server answers "304 Not Modified" to that
 * copy's ETag instead of sending it again. {etag, body}, with body null when the kept copy is still right.
 */
export async function getIfChanged(path, etag) {
  const response = await send('GET', path, undefined, etag ? { 'If-None-Match': etag } : {});
  if (response.status === 304) return { etag, body: null };
  if (!response.ok) throw await toError(response);
  return { etag: response.headers.get('ETag'), body: await response.json() };
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}) => request('POST', path, body),
  patch: (path, body = {}) => request('PATCH', path, body),
};
