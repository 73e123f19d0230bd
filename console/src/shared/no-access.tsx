import { me } from '../store/session.js';
import { Link } from './link.js';

/**
 * Shown instead of a screen the principal's role does not include. The API
 * refuses that screen's calls anyway; this says so before any call is made.
 */
export function NoAccess({ screen }: { screen: string }) {
  const role = me.value?.user.role;
  return (
    <section class="notice-page" data-testid="no-access" aria-labelledby="no-access-title">
      <div class="notice-page__icon" aria-hidden="true">
        ⊘
      </div>
      <h2 id="no-access-title" class="notice-page__title">
        You do not have access to this page
      </h2>
      <p class="notice-page__text">
        {screen} is not part of {role === undefined ? 'your role' : <>the <strong>{role}</strong> role</>}. Ask an administrator if you
        need it.
      </p>
      <Link href="/" class="button">
        Back to cameras
      </Link>
    </section>
  );
}
