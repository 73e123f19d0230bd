import type { Permission } from '@argus/contracts';

/**
 * The console's screens: path, navigation label and the permission each
 * needs (contracts/src/access.ts). The navigation shows only what the
 * principal may open; a screen opened without the permission says so (the
 * API refuses its calls anyway). Pure data, so it is tested without a DOM.
 */

export type RouteId = 'cameras' | 'wall' | 'add-camera' | 'events' | 'search' | 'alerts' | 'health' | 'exports' | 'rules' | 'users' | 'tokens' | 'webhooks' | 'agents' | 'audit';

export interface RouteDef {
  readonly id: RouteId;
  readonly path: string;
  /** Navigation label and page title. */
  readonly label: string;
  readonly permission: Permission;
  /**
   * Shown in the navigation only with this permission (default: `permission`):
   * the rules are readable by everyone, but only those who change them need
   * the link.
   */
  readonly navPermission?: Permission;
}

export const LOGIN_PATH = '/login';

export const ROUTES: readonly RouteDef[] = [
  { id: 'cameras', path: '/', label: 'Cameras', permission: 'camera.view' },
  { id: 'wall', path: '/wall', label: 'Live wall', permission: 'camera.view' },
  { id: 'add-camera', path: '/cameras/add', label: 'Add camera', permission: 'camera.configure' },
  { id: 'events', path: '/events', label: 'Events', permission: 'camera.view' },
  { id: 'search', path: '/search', label: 'Search', permission: 'camera.view' },
  { id: 'alerts', path: '/alerts', label: 'Alerts', permission: 'camera.view' },
  { id: 'health', path: '/health', label: 'Health', permission: 'camera.view' },
  { id: 'exports', path: '/exports', label: 'Exports', permission: 'evidence.manage' },
  { id: 'rules', path: '/rules', label: 'Rules', permission: 'camera.view', navPermission: 'rule.manage' },
  { id: 'users', path: '/admin/users', label: 'Users', permission: 'user.manage' },
  { id: 'tokens', path: '/admin/tokens', label: 'API tokens', permission: 'token.manage' },
  { id: 'webhooks', path: '/admin/webhooks', label: 'Webhooks', permission: 'webhook.manage' },
  { id: 'agents', path: '/admin/agents', label: 'Agents', permission: 'site.manage' },
  { id: 'audit', path: '/admin/audit', label: 'Audit log', permission: 'audit.view' },
];

/** The route at `path` (trailing slashes ignored), or undefined for an unknown path. */
export function matchRoute(path: string): RouteDef | undefined {
  const normalised = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES.find((route) => route.path === normalised);
}

/** Routes shown in the navigation for someone holding `permissions`. */
export function visibleRoutes(permissions: ReadonlySet<string>): RouteDef[] {
  return ROUTES.filter((route) => permissions.has(route.navPermission ?? route.permission));
}
