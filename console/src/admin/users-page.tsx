import type { UserRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { FormError } from '../shared/form-error.js';
import { PageHeader } from '../shared/page-header.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { me, refreshIdentity } from '../store/session.js';
import { UserAccessDialog } from './user-access-dialog.js';
import { UserCreateForm } from './user-create-form.js';
import { UserPasswordDialog } from './user-password-dialog.js';
import { UserRow, type UserAction } from './user-row.js';

/** Users of the organisation (user.manage): list, add, change access, reset passwords, delete. */
export function UsersPage() {
  const users = useResource((signal) => api.listUsers(signal));
  const sites = useResource((signal) => api.listSites(signal));
  const open = useSignal<{ action: UserAction; user: UserRecord } | null>(null);
  const notice = useSignal<string | null>(null);
  const selfId = me.value?.user.id;

  const done = (message: string, user?: UserRecord): void => {
    open.value = null;
    notice.value = message;
    void users.reload();
    if (user !== undefined && user.id === selfId) void refreshIdentity();
  };

  const list = users.data.value;
  const current = open.value;
  return (
    <section class="page" aria-labelledby="page-title">
      <PageHeader title="Users" description="People who can sign in to this organisation, their role and the sites they see.">
        <button type="button" class="button" onClick={() => void users.reload()} disabled={users.loading.value}>
          Refresh
        </button>
      </PageHeader>
      {notice.value !== null && (
        <p class="page-notice" role="status" data-testid="page-notice">
          {notice.value}
        </p>
      )}
      <div class="page__columns">
        <div class="panel table-panel">
          <FormError error={users.error.value} message={`Could not load users: ${users.error.value?.message ?? ''}`} />
          <table class="table" data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Sites</th>
                <th scope="col">Sign-in</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list === undefined && (
                <tr>
                  <td colSpan={6} class="table__empty">
                    {users.loading.value ? 'Loading users…' : 'No user list'}
                  </td>
                </tr>
              )}
              {list?.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  isSelf={user.id === selfId}
                  sites={sites.data.value}
                  onAction={(action, target) => {
                    notice.value = null;
                    open.value = { action, user: target };
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
        <UserCreateForm sites={sites.data.value} onCreated={(user) => done(`Created ${user.email} as ${user.role}.`)} />
      </div>

      {current?.action === 'access' && (
        <UserAccessDialog
          user={current.user}
          isSelf={current.user.id === selfId}
          sites={sites.data.value}
          onSaved={(user) => done(`Saved the access of ${user.email}.`, user)}
          onClose={() => (open.value = null)}
        />
      )}
      {current?.action === 'password' && (
        <UserPasswordDialog
          user={current.user}
          onSaved={(user) => done(`Set a new password for ${user.email}.`)}
          onClose={() => (open.value = null)}
        />
      )}
      {current?.action === 'delete' && (
        <ConfirmDialog
          title={`Delete ${current.user.email}?`}
          confirmLabel="Delete user"
          danger
          onConfirm={async () => {
            await api.deleteUser(current.user.id);
            done(`Deleted ${current.user.email}.`);
          }}
          onClose={() => (open.value = null)}
        >
          <p>
            They are signed out at once and can no longer sign in. This cannot be
            undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
