import { computed } from '@preact/signals';
import { FormError } from '../shared/form-error.js';
import { PageHeader } from '../shared/page-header.js';
import { useResource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { currentLocation, navigate } from '../store/router.js';
import { formatAuditSearch, parseAuditSearch } from './audit-filter.js';
import { AuditFilters } from './audit-filters.js';
import { AuditRow } from './audit-row.js';

const auditFilter = computed(() => parseAuditSearch(currentLocation.value.search));

/** The audit log (audit.view): who signed in, changed users and tokens, watched which camera. */
export function AuditPage() {
  const filter = auditFilter.value;
  const search = formatAuditSearch(filter);
  const entries = useResource((signal) => api.listAudit(filter, signal), [search]);
  const list = entries.data.value;

  return (
    <section class="page" aria-labelledby="page-title">
      <PageHeader title="Audit log" description="Sign-ins, changes to users, tokens and agents, and camera access, newest first.">
        <button type="button" class="button" onClick={() => void entries.reload()} disabled={entries.loading.value}>
          Refresh
        </button>
      </PageHeader>
      <AuditFilters filter={filter} onApply={(next) => navigate(`/admin/audit${formatAuditSearch(next)}`, { replace: true })} />
      <div class="panel table-panel">
        <FormError error={entries.error.value} message={`Could not load the audit log: ${entries.error.value?.message ?? ''}`} />
        <table class="table table--dense" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Address</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {(list === undefined || list.length === 0) && (
              <tr>
                <td colSpan={6} class="table__empty">
                  {list !== undefined ? 'No entries match' : entries.loading.value ? 'Loading…' : 'No audit log'}
                </td>
              </tr>
            )}
            {list?.map((entry) => <AuditRow key={entry.id} entry={entry} />)}
          </tbody>
        </table>
        {list !== undefined && list.length > 0 && (
          <p class="table-footer muted">
            {list.length} {list.length === 1 ? 'entry' : 'entries'}
            {list.length === filter.limit && ' (the newest; narrow the filters or show more to see older ones)'}
          </p>
        )}
      </div>
    </section>
  );
}
