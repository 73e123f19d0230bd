import { LOGIN_PATH } from '../routes.js';

/**
 * The single sign-on button's href: the cloud's login URL with `returnTo`,
 * the console path the operator asked for, so a deep link survives the trip
 * through the identity provider as it survives the password form. (The cloud
 * accepts only paths of its own there: no open redirect.) Pure.
 */
export function ssoHref(loginUrl: string, here: { origin: string; path: string; search: string }): string {
  const url = new URL(loginUrl, here.origin);
  url.searchParams.set('returnTo', here.path === LOGIN_PATH ? '/' : `${here.path}${here.search}`);
  return url.origin === here.origin ? `${url.pathname}${url.search}` : url.toString();
}
