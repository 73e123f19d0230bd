import { computed, signal } from '@preact/signals';
import type { MeResponse, Permission } from '@argus/contracts';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { LOGIN_PATH } from '../routes.js';
import { api, onSessionLost } from './api.js';
import { clearAllErrors } from './banner.js';
import { resetCameras } from './cameras.js';
import { navigate } from './router.js';

/**
 * Who is signed in. The cloud's session cookie is HttpOnly, so the console
 * never sees it: GET /api/auth/me is the only way to know, and a 401 from any
 * call is the only sign the session ended.
 */

export type Session =
  /** Asking /api/auth/me at start-up. */
  | { status: 'checking' }
  /** Not signed in: the login page shows, whatever the URL. */
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; me: MeResponse }
  /** /api/auth/me failed other than with 401: the cloud is down or unreachable. */
  | { status: 'unreachable'; error: ApiRequestError };

export const session = signal<Session>({ status: 'checking' });

/** The signed-in identity, or null. */
export const me = computed(() => (session.value.status === 'signed-in' ? session.value.me : null));

/** The permissions the cloud granted (contracts/src/access.ts), as the cloud reported them. */
export const permissions = computed<ReadonlySet<string>>(() => new Set(me.value?.permissions ?? []));

/** Whether the signed-in principal may do `permission`. Reading it subscribes a view to sign-in changes. */
export function can(permission: Permission): boolean {
  return permissions.value.has(permission);
}

/** Forgets everything the previous principal was shown. */
function clearUserState(): void {
  resetCameras();
  clearAllErrors();
}

onSessionLost(() => {
  const current = session.peek();
  if (current.status === 'signed-in') {
    clearUserState();
    session.value = { status: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' };
  } else if (current.status === 'checking') {
    session.value = { status: 'signed-out' };
  }
});

/** Start-up: finds out whether the browser already holds a session. */
export async function checkSession(): Promise<void> {
  session.value = { status: 'checking' };
  try {
    session.value = { status: 'signed-in', me: await api.me() };
  } catch (error) {
    const apiError = toApiError(error);
    session.value = apiError.status === 401 ? { status: 'signed-out' } : { status: 'unreachable', error: apiError };
  }
}

/** Signs in with a password; rejects with the API's error (wrong password, rate limited) for the form to show. */
export async function signIn(email: string, password: string): Promise<void> {
  await api.login({ email, password });
  const identity = await api.me();
  clearUserState();
  session.value = { status: 'signed-in', me: identity };
  // The login URL itself has nothing to show once signed in; any other URL
  // (a deep link that hit the login page) is where the operator was going.
  if (window.location.pathname === LOGIN_PATH) navigate('/', { replace: true });
}

/** Signs out and lands on the login page. */
export async function signOut(): Promise<void> {
  await api.logout();
  clearUserState();
  session.value = { status: 'signed-out', notice: 'You have signed out.' };
  navigate(LOGIN_PATH, { replace: true });
}

/** Asks the cloud again who we are: after changing one's own role or sites. */
export async function refreshIdentity(): Promise<void> {
  const identity = await api.me();
  if (session.peek().status === 'signed-in') session.value = { status: 'signed-in', me: identity };
}
