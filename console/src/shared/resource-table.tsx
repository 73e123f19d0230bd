import type { ComponentChild, ComponentChildren } from 'preact';
import { FormError } from './form-error.js';
import type { Resource } from './use-resource.js';

export interface TableColumn {
  readonly label: string;
  /** A tooltip that says what the column measures. */
  readonly title?: string;
  /** For screen readers only (the row actions' column). */
  readonly hidden?: boolean;
}

/**
 * A list loaded from the API, as a table in a panel: why the load failed
 * above it, one row per item, and while there is no row a single line saying
 * why (loading, nothing loaded, or `messages.empty` for an empty list; without
 * `empty` an empty list shows no line). `children` go under the table.
 */
export function ResourceTable<T>(props: {
  resource: Resource<readonly T[]>;
  testId: string;
  columns: readonly TableColumn[];
  row(item: T): ComponentChild;
  messages: { failed: string; loading: string; missing: string; empty?: string };
  dense?: boolean;
  children?: ComponentChildren;
}) {
  const { resource, messages } = props;
  const list = resource.data.value;
  const error = resource.error.value;
  const placeholder =
    list !== undefined ? (list.length === 0 ? messages.empty : undefined) : resource.loading.value ? messages.loading : messages.missing;
  return (
    <div class="panel table-panel">
      <FormError error={error} message={`${messages.failed}: ${error?.message ?? ''}`} />
      <table class={props.dense === true ? 'table table--dense' : 'table'} data-testid={props.testId}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.label} scope="col" title={column.title}>
                {column.hidden === true ? <span class="visually-hidden">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {placeholder !== undefined && (
            <tr>
              <td colSpan={props.columns.length} class="table__empty">
                {placeholder}
              </td>
            </tr>
          )}
          {list?.map((item) => props.row(item))}
        </tbody>
      </table>
      {props.children}
    </div>
  );
}
