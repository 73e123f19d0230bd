import type { UserRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { ResourcePage } from '../shared/resource-page.js';
import { ResourceTable, type TableColumn } from '../shared/resource-table.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { me, refreshIdentity } from '../store/session.js';
import { UserAccessDialog } from './user-access-dialog.js';
import { UserCreateForm } from './user-create-form.js';
import { UserPasswordDialog } from './user-password-dialog.js';
import { UserRow, type UserAction } from './user-row.js';

const COLUMNS: readonly TableColumn[] = [
  { label: 'Email' },
  { label: 'Role' },
  { label: 'Sites' },
  { label: 'Sign-in' },
  { label: 'Last sign-in' },
  { label: 'Actions', hidden: true },
];

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

  const current = open.value;
  return (
    <ResourcePage
      title="Users"
      description="People who can sign in to this organisation, their role and the sites they see."
      resource={users}
      notice={notice.value}
    >
      <div class="page__columns">
        {/* No line for an empty list: the list always holds the signed-in admin. */}
        <ResourceTable
          resource={users}
          testId="user-table"
          columns={COLUMNS}
          messages={{ failed: 'Could not load users', loading: 'Loading users…', missing: 'No user list' }}
          row={(user) => (
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
          )}
        />
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
    </ResourcePage>
  );
}
