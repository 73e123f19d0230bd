import type { ComponentChildren } from 'preact';

/** Title row of a screen: what it is, a line of context, and its actions on the right. */
export function PageHeader(props: { title: string; description?: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <div>
        <h2 class="page-header__title" id="page-title">{props.title}</h2>
        {props.description !== undefined && <p class="page-header__description">{props.description}</p>}
      </div>
      {props.children !== undefined && <div class="page-header__actions">{props.children}</div>}
    </div>
  );
}
