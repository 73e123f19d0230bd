/**
 * Who may do what. Every user and API token has one role in one
 * organisation, optionally narrowed to a set of sites; every cloud route
 * declares the permission it needs (or that it is public, or for agents),
 * and anything undeclared is refused. The console reads the same table to
 * show only what the role may do.
 */
export const ROLES = ['admin', 'operator', 'integrator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Permissions and the roles that hold them:
 * - admin: everything in the organisation, users and the audit log included;
 * - operator: watches, plays back and controls cameras (PTZ, snapshots),
 *   handles alerts;
 * - integrator: sets the system up (sites, agents, cameras, alert rules, API tokens);
 * - viewer: watches and plays back only.
 */
export const PERMISSIONS = {
  /** Cameras, sites and their health, events, live view, playback, media. */
  'camera.view': ['admin', 'operator', 'integrator', 'viewer'],
  /** PTZ and snapshots through an agent. */
  'camera.control': ['admin', 'operator', 'integrator'],
  /** Onboarding: discover, add and update cameras through an agent. */
  'camera.configure': ['admin', 'integrator'],
  /** Create sites, issue enrollment tokens, list agents. */
  'site.manage': ['admin', 'integrator'],
  /** Revoke an agent's credential. */
  'agent.revoke': ['admin'],
  /** Users of the organisation: create, change, delete. */
  'user.manage': ['admin'],
  /** API tokens: create (no more rights than one's own), list and revoke one's own; admins see all. */
  'token.manage': ['admin', 'integrator'],
  /** The audit log. */
  'audit.view': ['admin'],
  /** Inference keys of the Rekognition-compatible endpoint: create, list, revoke. */
  'inference.manage': ['admin'],
  /** Alert rules: create, change, delete (reading them and the alerts is camera.view). */
  'rule.manage': ['admin', 'integrator'],
  /** Handle alerts: acknowledge, resolve, assign. */
  'alert.handle': ['admin', 'operator'],
  /** Webhooks: create, change, delete, read their delivery log, replay a delivery. */
  'webhook.manage': ['admin', 'integrator'],
  /** Evidence: lock a camera's recordings against retention, release a lock, export a signed clip. */
  'evidence.manage': ['admin', 'operator'],
  /** Retention: a camera's days, a site's storage quota, a retention run and its reports. */
  'retention.manage': ['admin'],
  /** Any signed-in user or token: their own identity. */
  'self': ['admin', 'operator', 'integrator', 'viewer'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => (PERMISSIONS[p] as readonly Role[]).includes(role));
}

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Whether `granted` has no permission that `granter` lacks (a token or user may not outrank its creator). */
export function roleWithin(granted: Role, granter: Role): boolean {
  return permissionsOf(granted).every((p) => roleHas(granter, p));
}

/**
 * Whether a site scope lies within another: null is every site of the
 * organisation; a list is those sites only.
 */
export function sitesWithin(granted: readonly string[] | null, granter: readonly string[] | null): boolean {
  if (granter === null) return true;
  if (granted === null) return false;
  return granted.every((s) => granter.includes(s));
}

/**
 * What a route asks of its caller: `public` (anyone; the handler may check a
 * secret of its own, like an enrollment token or a signed URL), `agent` (an
 * edge agent's credential), or a permission held through a user's session or
 * an API token.
 */
export type RouteAccess = 'public' | 'agent' | Permission;
