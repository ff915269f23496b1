// Hash routes (#/, #/calls, #/admin/users, #/admin/devices): the server serves one page and knows
// nothing of them.

export function currentRoute() {
  const hash = location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

export function navigate(route) {
  if (currentRoute() === route) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = `#${route}`;
}

export function onRouteChange(listener) {
  // Only "#/…" is a route; any other fragment is an in-page link and changes nothing.
  const l = () => { if (location.hash === '' || location.hash.startsWith('#/')) listener(currentRoute()); };
  window.addEventListener('hashchange', l);
  return () => window.removeEventListener('hashchange', l);
}
