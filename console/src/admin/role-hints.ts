import type { Role } from '@argus/contracts';

/**
 * One line per role for the role pickers, matching contracts/src/access.ts
 * (the permission table is the rule; this is its summary for people).
 */
export const ROLE_HINT: Record<Role, string> = {
  admin: 'everything, users and the audit log included',
  operator: 'watches, plays back and controls cameras',
  integrator: 'sets up sites, agents, cameras and API tokens',
  viewer: 'watches and plays back only',
};

