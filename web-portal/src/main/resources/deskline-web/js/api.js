// The REST client. The session lives in the server's HttpOnly `deskline_session` cookie: this module
// never sees or stores a token. Errors come back as ApiError, parsed from application/problem+json.

const BASE = '/api/v1';

/** A failed request: HTTP status, Deskline's stable errorId and, for validation errors, the fields. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.errorId = problem.errorId || null;
    this.title = problem.title || null;
    this.detail = problem.detail || null;
    /** [{name, reason}] */
    this.fields = Array.isArray(problem.fields) ? problem.fields : [];
  }
}

const unauthorizedListeners = new Set();

/** Called with the ApiError whenever the server answers 401 (other than to a sign-in attempt). */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function request(method, path, body, { signal, quiet401 = false } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json' },
    signal,
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  } else if (method === 'POST') {
    init.headers['Content-Type'] = 'application/json'; // an empty POST, as the API's actions expect
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { errorId: 'network', detail: 'Deskline cannot be reached. Check your connection and try again.' });
  }
  const text = response.status === 204 ? '' : await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json || { detail: `The server answered ${response.status}.` });
    if (response.status === 401 && !quiet401) unauthorizedListeners.forEach((l) => l(error));
    throw error;
  }
  return json;
}

export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body, opts) => request('POST', path, body, opts),
  put: (path, body, opts) => request('PUT', path, body, opts),
  patch: (path, body, opts) => request('PATCH', path, body, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),

  signIn: (username, password) => request('POST', '/sessions', { username, password }, { quiet401: true }),
  signOut: () => request('DELETE', '/sessions/current', undefined, { quiet401: true }),
};

/** `encodeURIComponent` for path segments taken from API data. */
export const seg = (v) => encodeURIComponent(String(v));
