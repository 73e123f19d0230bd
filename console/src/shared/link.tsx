import type { ComponentChildren, TargetedMouseEvent } from 'preact';
import { navigate } from '../store/router.js';

/**
 * An in-app link: a real <a href> (middle-click and "open in new tab" work),
 * navigated in place on a plain left click.
 */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page' | undefined;
  'aria-label'?: string;
  title?: string;
  /** data-testid and any other data attributes (tests and CSS select on them). */
  [data: `data-${string}`]: string | undefined;
}) {
  const { href, children, ...rest } = props;
  const onClick = (event: TargetedMouseEvent<HTMLAnchorElement>): void => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a {...rest} href={href} onClick={onClick}>
      {children}
    </a>
  );
}
