import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { AuditFilter } from '../api/api-client.js';
import { Field } from '../shared/field.js';
import { TextField } from '../shared/text-field.js';
import { fromDateTimeLocalValue, toDateTimeLocalValue } from '../time-format.js';
import { AUDIT_LIMIT_CHOICES } from './audit-filter.js';

/** The audit log's filter form; applying puts the filter in the URL (audit-filter.ts). */
export function AuditFilters(props: { filter: AuditFilter; onApply(filter: AuditFilter): void }) {
  const from = useSignal('');
  const to = useSignal('');
  const actor = useSignal('');
  const action = useSignal('');
  const limit = useSignal(0);

  // The form follows the URL (a pasted link, Back).
  const { filter } = props;
  useEffect(() => {
    from.value = filter.from === undefined ? '' : toDateTimeLocalValue(filter.from);
    to.value = filter.to === undefined ? '' : toDateTimeLocalValue(filter.to);
    actor.value = filter.actor ?? '';
    action.value = filter.action ?? '';
    limit.value = filter.limit ?? 0;
  }, [filter.from?.getTime(), filter.to?.getTime(), filter.actor, filter.action, filter.limit]);

  const onSubmit = (event: Event): void => {
    event.preventDefault();
    props.onApply({
      from: fromDateTimeLocalValue(from.value) ?? undefined,
      to: fromDateTimeLocalValue(to.value) ?? undefined,
      actor: actor.value,
      action: action.value,
      limit: limit.value,
    });
  };
  const onClear = (): void => props.onApply({});

  return (
    <form class="controls filters" onSubmit={onSubmit} aria-label="Audit log filters" data-testid="audit-filters">
      <TextField id="audit-from" label="From" type="datetime-local" step={1} value={from} />
      <TextField id="audit-to" label="To" type="datetime-local" step={1} value={to} />
      <TextField id="audit-actor" label="Actor" placeholder="user:alice@example.com" value={actor} />
      <TextField
        id="audit-action"
        label="Action"
        placeholder="auth. or user.create"
        title="An exact action, or a prefix ending in a dot"
        value={action}
      />
      <Field id="audit-limit" label="Show">
        <select id="audit-limit" class="input" value={String(limit.value)} onChange={(e) => (limit.value = Number(e.currentTarget.value))}>
          {AUDIT_LIMIT_CHOICES.map((n) => (
            <option key={n} value={String(n)}>
              {n} newest
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="button button--primary" data-testid="audit-apply">
        Apply
      </button>
      <button type="button" class="button" onClick={onClear}>
        Clear
      </button>
    </form>
  );
}
