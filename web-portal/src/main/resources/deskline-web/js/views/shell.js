// The frame around every signed-in page: brand, navigation, the user's presence, the live-connection
// indicator and sign out.

import { h, icon, replace } from '../dom.js';
import { presenceLabel } from '../format.js';
import { normalizePresence } from '../live.js';

export function renderShell(ctx, routes) {
  const { store, role } = ctx;
  const links = new Map();
  const nav = h('nav', { class: 'main-nav', attrs: { 'aria-label': 'Main' } },
    h('ul', {}, Object.entries(routes).map(([route, { title }]) => {
      const a = h('a', { href: `#${route}`, text: title });
      links.set(route, a);
      return h('li', {}, a);
    })));

  const connection = h('span', { class: 'connection', attrs: { role: 'status' } });
  const presence = h('span', { class: 'presence-chip', id: 'header-presence' });
  const who = h('span', { class: 'who' });
  const signOutButton = h('button', { type: 'button', class: 'button quiet', text: 'Sign out', on: { click: () => ctx.signOut() } });

  const header = h('header', { class: 'topbar' },
    h('div', { class: 'topbar-inner' },
      h('a', { class: 'brand', href: role === 'admin' ? '#/admin/users' : '#/' }, icon('phone'), h('span', { text: 'Deskline' }),
        role === 'admin' ? h('span', { class: 'brand-tag', text: 'Admin' }) : null),
      nav,
      h('div', { class: 'topbar-end' }, role === 'user' ? connection : null, role === 'user' ? presence : null, who, signOutButton)));

  const main = h('main', { id: 'main', tabIndex: -1, class: 'content' });
  const el = h('div', { class: ['shell', `role-${role}`] }, header, main);

  const stops = [];
  stops.push(store.watch((s) => s.connection, (c) => {
    connection.className = `connection connection-${c}`;
    connection.textContent = c === 'open' ? 'Live' : c === 'connecting' ? 'Reconnecting…' : 'Offline';
    connection.title = c === 'open' ? 'Changes appear as they happen' : 'Changes will appear when the connection is back';
  }));
  if (role === 'user') {
    stops.push(store.watch((s) => s.me, (me) => {
      if (!me) return;
      const p = normalizePresence(me.presence);
      replace(presence,
        h('span', { class: `dot presence-${p.state}`, attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'presence-state', text: presenceLabel(p.state) }),
        p.message ? h('span', { class: 'presence-message', text: p.message }) : null);
      presence.setAttribute('aria-label', `Your presence: ${presenceLabel(p.state)}${p.message ? `, ${p.message}` : ''}`);
      replace(who, h('span', { class: 'who-name', text: me.name }), h('span', { class: 'who-ext', text: me.extension }));
    }));
  } else {
    replace(who, h('span', { class: 'who-name', text: 'Administrator' }));
  }

  let first = true;
  return {
    el,
    setContent(node, route) {
      for (const [r, a] of links) {
        if (r === route) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
      replace(main, node);
      // Move focus to the new page for keyboard and screen-reader users (not on the first load).
      if (!first) {
        const heading = main.querySelector('h1');
        if (heading) {
          heading.tabIndex = -1;
          heading.focus({ preventScroll: false });
        } else main.focus();
      }
      first = false;
    },
    destroy() {
      stops.forEach((s) => s());
    },
  };
}
