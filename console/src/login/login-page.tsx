import type { AuthProvidersResponse } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { api } from '../store/api.js';
import { signIn } from '../store/session.js';
import { currentLocation } from '../store/router.js';
import { loginErrorMessage } from './login-error.js';
import { ssoHref } from './sso-link.js';

/**
 * The sign-in page, shown at any URL while nobody is signed in: email and
 * password, and single sign-on when the cloud has it configured. After a
 * successful sign-in the app shows what the URL asked for.
 */
export function LoginPage(props: { notice?: string | undefined }) {
  const email = useSignal('');
  const password = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<ApiRequestError | null>(null);
  const providers = useSignal<AuthProvidersResponse | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    // Without an answer the password form still works: it is always offered.
    api.authProviders(controller.signal).then(
      (answer) => (providers.value = answer),
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    try {
      await signIn(email.value.trim(), password.value);
    } catch (caught) {
      error.value = toApiError(caught);
      password.value = '';
      busy.value = false;
    }
  };

  const sso = providers.value?.sso ?? null;
  const passwordOffered = providers.value?.password ?? true;

  return (
    <main class="login" data-testid="login-page">
      <div class="login__card">
        <div class="brand brand--large">
          <span class="brand__mark" aria-hidden="true" />
          <h1 class="brand__name">Argus</h1>
          <span class="brand__product">Operator console</span>
        </div>
        <h2 class="login__title">Sign in</h2>
        {props.notice !== undefined && (
          <p class="login__notice" role="status" data-testid="login-notice">
            {props.notice}
          </p>
        )}
        {passwordOffered && (
          <form class="login__form" onSubmit={onSubmit} data-testid="login-form">
            <div class="field">
              <label for="login-email">Email</label>
              <input
                id="login-email"
                class="input"
                type="email"
                name="email"
                autocomplete="username"
                required
                autoFocus
                value={email.value}
                onInput={(e) => (email.value = e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for="login-password">Password</label>
              <input
                id="login-password"
                class="input"
                type="password"
                name="password"
                autocomplete="current-password"
                required
                value={password.value}
                onInput={(e) => (password.value = e.currentTarget.value)}
              />
            </div>
            {error.value !== null && (
              <p class="form-error" role="alert" data-testid="login-error" data-code={error.value.code}>
                {loginErrorMessage(error.value)} <span class="form-error__code">({error.value.code})</span>
              </p>
            )}
            <button type="submit" class="button button--primary button--block" disabled={busy.value} data-testid="login-submit">
              {busy.value ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        )}
        {sso !== null && (
          <>
            {passwordOffered && <div class="login__or">or</div>}
            {/* A full page load: the identity provider's flow ends with a redirect back here. */}
            <a
              class="button button--block"
              href={ssoHref(sso.loginUrl, { origin: window.location.origin, ...currentLocation.value })}
              data-testid="sso-button"
            >
              Sign in with {sso.name}
            </a>
          </>
        )}
        <p class="login__footer">Access is logged. Use only your own account.</p>
      </div>
    </main>
  );
}
