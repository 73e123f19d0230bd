import type { ComponentChildren } from 'preact';
import { PageHeader } from './page-header.js';
import type { Resource } from './use-resource.js';

/**
 * A screen built around data it loads (the admin lists): title, description
 * and a Refresh button for `resource`, the outcome of the last action
 * (`notice`), then the screen's own content.
 */
export function ResourcePage(props: {
  title: string;
  description: string;
  resource: Pick<Resource<unknown>, 'loading' | 'reload'>;
  notice?: string | null;
  /** More buttons beside Refresh (e.g. *New rule*). */
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { resource, notice } = props;
  return (
    <section class="page" aria-labelledby="page-title">
      <PageHeader title={props.title} description={props.description}>
        {props.actions}
        <button type="button" class="button" onClick={() => void resource.reload()} disabled={resource.loading.value}>
          Refresh
        </button>
      </PageHeader>
      {notice !== undefined && notice !== null && (
        <p class="page-notice" role="status" data-testid="page-notice">
          {notice}
        </p>
      )}
      {props.children}
    </section>
  );
}
