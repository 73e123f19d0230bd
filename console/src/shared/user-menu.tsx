import { useSignal } from '@preact/signals';
import { toApiError } from '../api/api-client.js';
import { showError } from '../store/banner.js';
import { me, signOut } from '../store/session.js';
import { RoleBadge } from './role-badge.js';

/** Who is signed in, in which organisation, and the way out. */
export function UserMenu() {
  const busy = useSignal(false);
  const identity = me.value;
  if (identity === null) return null;

  const onSignOut = async (): Promise<void> => {
    busy.value = true;
    try {
      await signOut();
    } catch (error) {
      const apiError = toApiError(error);
      showError('sign-out', `Could not sign out: ${apiError.message}`, apiError.code);
      busy.value = false;
    }
  };

  return (
    <div class="user-menu" data-testid="user-menu">
      <div class="user-menu__who">
        <span class="user-menu__email" data-testid="user-email">
          {identity.user.email}
        </span>
        <span class="user-menu__org">
          <RoleBadge role={identity.user.role} />
          <span data-testid="user-org">{identity.org.name}</span>
          {identity.via === 'token' && <span class="user-menu__via">via API token</span>}
        </span>
      </div>
      <button type="button" class="button button--quiet" data-testid="sign-out" disabled={busy.value} onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
