import type { RuleRecord } from '@argus/contracts';
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { FormError } from '../shared/form-error.js';
import { ResourcePage } from '../shared/resource-page.js';
import { ResourceTable, type TableColumn } from '../shared/resource-table.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { cameras, startCameraPolling } from '../store/cameras.js';
import { can, me } from '../store/session.js';
import { RuleEditorDialog } from './rule-editor-dialog.js';
import { RuleRow, type RuleAction } from './rule-row.js';

const COLUMNS: readonly TableColumn[] = [
  { label: 'Rule' },
  { label: 'Alerts on' },
  { label: 'Where' },
  { label: 'Conditions' },
  { label: 'When' },
  { label: 'Severity' },
  { label: 'Actions', hidden: true },
];

/**
 * Alert rules: what turns events into alerts. Everyone who sees cameras can
 * read them; those with rule.manage (admins, integrators) create, change,
 * pause and delete them.
 */
export function RulesPage() {
  useEffect(() => startCameraPolling(), []);
  const rules = useResource((signal) => api.listRules(signal));
  const sites = useResource((signal) => api.listSites(signal));
  const editing = useSignal<{ rule: RuleRecord | null } | null>(null);
  const deleting = useSignal<RuleRecord | null>(null);
  const toggling = useSignal<string | null>(null);
  const actionError = useSignal<ApiRequestError | null>(null);
  const notice = useSignal<string | null>(null);
  const canManage = can('rule.manage');
  const mySites = me.value?.user.siteIds ?? null;

  const onAction = (action: RuleAction, rule: RuleRecord): void => {
    notice.value = null;
    actionError.value = null;
    if (action === 'edit') editing.value = { rule };
    else if (action === 'delete') deleting.value = rule;
    else {
      toggling.value = rule.id;
      api
        .updateRule(rule.id, { enabled: !rule.enabled })
        .then((changed) => {
          notice.value = changed.enabled ? `“${changed.name}” raises alerts again.` : `“${changed.name}” is paused.`;
          return rules.reload();
        })
        .catch((error: unknown) => (actionError.value = toApiError(error)))
        .finally(() => (toggling.value = null));
    }
  };

  return (
    <ResourcePage
      title="Alert rules"
      description={canManage ? 'What turns events into alerts: labels, cameras, zones, conditions, schedule, severity.' : 'What turns events into alerts. Only admins and integrators change them.'}
      resource={rules}
      notice={notice.value}
      actions={
        canManage && (
          <button type="button" class="button button--primary" data-testid="rule-new" onClick={() => (editing.value = { rule: null })}>
            New rule
          </button>
        )
      }
    >
      <FormError error={actionError.value} testId="rule-action-error" />
      <ResourceTable
        resource={rules}
        testId="rule-table"
        columns={COLUMNS}
        messages={{ failed: 'Could not load rules', loading: 'Loading rules…', missing: 'No rule list', empty: canManage ? 'No rules yet: create one with New rule' : 'No rules yet' }}
        row={(rule) => (
          <RuleRow
            key={rule.id}
            rule={rule}
            sites={sites.data.value}
            cameras={cameras.value}
            canManage={canManage}
            busy={toggling.value === rule.id}
            onAction={onAction}
          />
        )}
      />
      {editing.value !== null && (
        <RuleEditorDialog
          rule={editing.value.rule}
          sites={sites.data.value}
          cameras={cameras.value}
          mySites={mySites}
          onSaved={(rule) => {
            notice.value = editing.peek()?.rule === null ? `Created “${rule.name}”.` : `Saved “${rule.name}”.`;
            editing.value = null;
            void rules.reload();
          }}
          onClose={() => (editing.value = null)}
        />
      )}
      {deleting.value !== null && (
        <ConfirmDialog
          title={`Delete “${deleting.value.name}”?`}
          confirmLabel="Delete rule"
          danger
          onConfirm={async () => {
            const rule = deleting.peek();
            if (rule === null) return;
            await api.deleteRule(rule.id);
            notice.value = `Deleted “${rule.name}”.`;
            void rules.reload();
          }}
          onClose={() => (deleting.value = null)}
        >
          <p>It raises no more alerts. Its past alerts stay in the inbox, with its name.</p>
        </ConfirmDialog>
      )}
    </ResourcePage>
  );
}
