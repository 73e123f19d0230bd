import type { SiteSummary, UserRecord } from '@argus/contracts';
import { formatSiteScope } from '../shared/format.js';
import { When } from '../shared/when.js';
import { RoleBadge } from '../shared/role-badge.js';

export type UserAction = 'access' | 'password' | 'delete';

/** One user in the table, with what an admin can do to it. */
export function UserRow(props: {
  user: UserRecord;
  isSelf: boolean;
  sites: readonly SiteSummary[] | undefined;
  onAction(action: UserAction, user: UserRecord): void;
}) {
  const { user, isSelf } = props;
  return (
    <tr data-testid="user-row" data-email={user.email}>
      <td>
        <span class="cell-strong">{user.email}</span>
        {isSelf && <span class="tag">you</span>}
      </td>
      <td>
        <RoleBadge role={user.role} />
      </td>
      <td>{formatSiteScope(user.siteIds, props.sites)}</td>
      <td>{user.sso ? 'Single sign-on' : 'Password'}</td>
      <td>
        <When iso={user.lastLoginAt} fallback="never" />
      </td>
      <td class="cell-actions">
        <button type="button" class="button button--small" onClick={() => props.onAction('access', user)}>
          Edit access
        </button>
        <button
          type="button"
          class="button button--small"
          disabled={user.sso}
          title={user.sso ? 'Signs in through single sign-on: no password here' : undefined}
          onClick={() => props.onAction('password', user)}
        >
          Reset password
        </button>
        <button
          type="button"
          class="button button--small button--danger-quiet"
          disabled={isSelf}
          title={isSelf ? 'You cannot delete your own account' : undefined}
          onClick={() => props.onAction('delete', user)}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
