// The user's home page: where calls ring, presence, dialler and colleagues.

import { h } from '../dom.js';
import { renderModeCard } from './mode.js';
import { renderPresenceCard } from './presence.js';
import { renderDialler, renderDirectory } from './directory.js';

function greeting() {
  const hour = new Date().getHours();
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

export function renderHome(ctx) {
  const parts = [renderModeCard(ctx), renderPresenceCard(ctx), renderDialler(ctx), renderDirectory(ctx)];
  const me = ctx.store.get().me;
  const el = h('div', { class: 'page home' },
    h('h1', { class: 'page-title', text: `${greeting()}${me?.name ? `, ${me.name.split(' ')[0]}` : ''}` }),
    h('div', { class: 'home-grid' },
      h('div', { class: 'col' }, parts[0].el, parts[1].el),
      h('div', { class: 'col' }, parts[2].el, parts[3].el)));
  return { el, destroy: () => parts.forEach((p) => p.destroy()) };
}
