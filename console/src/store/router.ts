import { signal } from '@preact/signals';

/**
 * The page URL as a signal. Path picks the screen (routes.ts); the query
 * carries a screen's own state (the camera view, the audit filters), so a
 * pasted link reproduces what the operator saw. The cloud answers index.html
 * for any non-API path, so every route is also a deep link.
 */

export interface AppLocation {
  readonly path: string;
  /** With the leading '?', or ''. */
  readonly search: string;
}

function read(): AppLocation {
  return { path: window.location.pathname, search: window.location.search };
}

export const currentLocation = signal<AppLocation>(read());

window.addEventListener('popstate', () => {
  currentLocation.value = read();
});

/**
 * Goes to `to` (path and query). `replace` rewrites the current history
 * entry instead: for state changes within a screen (another camera, a new
 * range) that Back should not step through one by one.
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const next = new URL(to, window.location.href);
  const url = `${next.pathname}${next.search}${next.hash}`;
  if (url === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
  if (options.replace === true) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  currentLocation.value = read();
}
