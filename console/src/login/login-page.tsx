import type { AuthProvidersResponse } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { Brand } from '../shared/brand.js';
import { FormError } from '../shared/form-error.js';
import { TextField } from '../shared/text-field.js';
import { useSubmission } from '../shared/use-submission.js';
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

  const login = useSubmission(async () => {
    try {
      await signIn(email.value.trim(), password.value);
    } catch (caught) {
      password.value = '';
      throw caught;
    }
  });
  const error = login.error.value;

  const sso = providers.value?.sso ?? null;
  const passwordOffered = providers.value?.password ?? true;

  return (
    <main class="login" data-testid="login-page">
      <div class="login__card">
        <Brand large />
        <h2 class="login__title">Sign in</h2>
        {props.notice !== undefined && (
          <p class="login__notice" role="status" data-testid="login-notice">
            {props.notice}
          </p>
        )}
        {passwordOffered && (
          <form class="login__form" onSubmit={login.submit} data-testid="login-form">
            <TextField id="login-email" label="Email" type="email" name="email" autocomplete="username" required autoFocus value={email} />
            <TextField
              id="login-password"
              label="Password"
              type="password"
              name="password"
              autocomplete="current-password"
              required
              value={password}
            />
            <FormError error={error} message={error === null ? undefined : loginErrorMessage(error)} testId="login-error" />
            <button type="submit" class="button button--primary button--block" disabled={login.busy.value} data-testid="login-submit">
              {login.busy.value ? 'Signing in…' : 'Sign in'}
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
