import type { Permission } from '@argus/contracts';
import type { ComponentChildren } from 'preact';
import { can } from '../store/session.js';
import { NoAccess } from './no-access.js';

/** Renders `children` only for a principal holding `permission`; otherwise the no-access page. */
export function RequirePermission(props: { permission: Permission; screen: string; children: ComponentChildren }) {
  return can(props.permission) ? <>{props.children}</> : <NoAccess screen={props.screen} />;
}
