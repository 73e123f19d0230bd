import { computed } from '@preact/signals';
import { ResourcePage } from '../shared/resource-page.js';
import { ResourceTable, type TableColumn } from '../shared/resource-table.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { currentLocation, navigate } from '../store/router.js';
import { formatAuditSearch, parseAuditSearch } from './audit-filter.js';
import { AuditFilters } from './audit-filters.js';
import { AuditRow } from './audit-row.js';

const auditFilter = computed(() => parseAuditSearch(currentLocation.value.search));

const COLUMNS: readonly TableColumn[] = [
  { label: 'Time' },
  { label: 'Actor' },
  { label: 'Action' },
  { label: 'Target' },
  { label: 'Address' },
  { label: 'Result' },
];

/** The audit log (audit.view): who signed in, changed users and tokens, watched which camera. */
export function AuditPage() {
  const filter = auditFilter.value;
  const search = formatAuditSearch(filter);
  const entries = useResource((signal) => api.listAudit(filter, signal), [search]);
  const list = entries.data.value;

  return (
    <ResourcePage
      title="Audit log"
      description="Sign-ins, changes to users, tokens and agents, and camera access, newest first."
      resource={entries}
    >
      <AuditFilters filter={filter} onApply={(next) => navigate(`/admin/audit${formatAuditSearch(next)}`, { replace: true })} />
      <ResourceTable
        resource={entries}
        testId="audit-table"
        dense
        columns={COLUMNS}
        messages={{ failed: 'Could not load the audit log', loading: 'Loading…', missing: 'No audit log', empty: 'No entries match' }}
        row={(entry) => <AuditRow key={entry.id} entry={entry} />}
      >
        {list !== undefined && list.length > 0 && (
          <p class="table-footer muted">
            {list.length} {list.length === 1 ? 'entry' : 'entries'}
            {list.length === filter.limit && ' (the newest; narrow the filters or show more to see older ones)'}
          </p>
        )}
      </ResourceTable>
    </ResourcePage>
  );
}
