// The portal's entry point: finds out who is signed in, builds the shell for a user or the
// administrator, starts the event socket and renders the view for the current route.

import { api, onUnauthorized } from './api.js';
import { replace, announce } from './dom.js';
import { EventSocket } from './events.js';
import { createLive } from './live.js';
import { currentRoute, navigate, onRouteChange } from './router.js';
import { probeSession, signOut } from './session.js';
import { createStore, initialState } from './store.js';
import { renderSignIn } from './views/signin.js';
import { renderShell } from './views/shell.js';
import { renderHome } from './views/home.js';
import { renderCallLog } from './views/calllog.js';
import { renderCallPanel } from './views/callpanel.js';
import { renderAdminUsers } from './views/admin-users.js';
import { renderAdminDevices } from './views/admin-devices.js';

const app = document.getElementById('app');

const USER_ROUTES = {
  '/': { title: 'Home', render: renderHome },
  '/calls': { title: 'Call log', render: renderCallLog },
};
const ADMIN_ROUTES = {
  '/admin/users': { title: 'Users', render: renderAdminUsers },
  '/admin/devices': { title: 'Devices', render: renderAdminDevices },
};

let session = null; // { store, live, socket, shell, view, stopRoutes, callPanel }

function teardown() {
  if (!session) return;
  session.view?.destroy?.();
  session.callPanel?.destroy?.();
  session.shell?.destroy?.();
  session.stopRoutes?.();
  session.socket.stop();
  session = null;
}

function showSignIn(message) {
  teardown();
  document.title = 'Sign in · Deskline';
  replace(app, renderSignIn({ message, onSignedIn: start }));
}

async function doSignOut() {
  await signOut();
  showSignIn('You have signed out.');
  if (location.hash) history.replaceState(null, '', location.pathname);
}

function start(who) {
  teardown();
  const store = createStore({ ...initialState(), role: who.role, me: who.me || null, admin: who.admin || null });
  const live = createLive(store);
  // Users get their own events and the presence of the colleagues on screen; the administrator has no
  // event stream.
  const socket = new EventSocket({ path: '/api/v1/events' });
  const routes = who.role === 'admin' ? ADMIN_ROUTES : USER_ROUTES;
  const home = who.role === 'admin' ? '/admin/users' : '/';
  const ctx = { store, live, socket, api, navigate, signOut: doSignOut, role: who.role };
  const shell = renderShell(ctx, routes);
  session = { store, live, socket, shell, view: null };
  replace(app, shell.el);

  if (who.role === 'user') {
    session.callPanel = renderCallPanel(ctx);
    shell.el.append(session.callPanel.el);
  }

  socket.on('status', (connection) => store.update({ connection }));
  if (who.role === 'user') {
    store.watch((s) => s.directory, (directory) => socket.follow([...directory.keys()]));
  }
  socket.on('event', (name, data) => {
    if (who.role === 'user') live.handle(name, data);
    session?.view?.onEvent?.(name, data);
  });
  socket.on('open', (reconnected) => {
    if (reconnected && who.role === 'user') live.resync();
    if (reconnected) session?.view?.onResync?.();
  });
  // The socket refuses a missing or expired session with 4001: let the REST API confirm it, so that
  // the usual 401 path signs out.
  socket.on('unauthorized', () => api.get(who.role === 'admin' ? '/users?q=%23' : '/users/me').catch(() => {}));
  if (who.role === 'user') socket.start();

  if (who.role === 'user') {
    live.loadCalls().catch(() => {});
  }

  function show(route) {
    const entry = routes[route];
    if (!entry) {
      navigate(home);
      return;
    }
    session.view?.destroy?.();
    const view = entry.render(ctx);
    session.view = view;
    shell.setContent(view.el, route, entry.title);
    document.title = `${entry.title} · Deskline`;
  }
  session.stopRoutes = onRouteChange(show);
  show(routes[currentRoute()] ? currentRoute() : home);
  if (!routes[currentRoute()]) history.replaceState(null, '', `#${home}`);
  announce(who.role === 'admin' ? 'Signed in as administrator' : `Signed in as ${who.me?.name || ''}`);
}

onUnauthorized(() => {
  if (session) showSignIn('Your session has ended. Please sign in again.');
});

async function boot() {
  try {
    const who = await probeSession();
    if (who) start(who);
    else showSignIn();
  } catch (e) {
    showSignIn(e.message || 'Deskline cannot be reached.');
  }
}

// The skip link moves focus without touching the hash, which holds the route.
document.addEventListener('click', (e) => {
  const link = e.target.closest?.('.skip-link');
  if (!link) return;
  e.preventDefault();
  document.getElementById('main')?.focus();
});

boot();
