// Who is signed in. The cookie is HttpOnly, so the portal asks the server: GET /users/me answers for a
// user; the administrator has no directory entry and is recognised by the admin-only users list.

import { api, ApiError } from './api.js';

/** {role:'user', me} | {role:'admin', admin} | null when nobody is signed in. */
export async function probeSession() {
  try {
    const me = await api.get('/users/me', { quiet401: true });
    return { role: 'user', me };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) {
      if (e instanceof ApiError) return null;
      throw e;
    }
  }
  try {
    await api.get('/users?q=%23', { quiet401: true });
    return { role: 'admin', admin: { username: 'admin' } };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
    throw e;
  }
}

/** Signs in; the answer carries the role and, for a user, the user. */
export async function signIn(username, password) {
  const s = await api.signIn(username, password);
  if (s.role === 'admin') return { role: 'admin', admin: { username: s.user?.username || username } };
  let me = s.user;
  try {
    me = await api.get('/users/me');
  } catch {
    // the sign-in answer's user is enough to start with
  }
  return { role: 'user', me };
}

export async function signOut() {
  try {
    await api.signOut();
  } catch {
    // signed out already, or offline: the page forgets the session either way
  }
}
