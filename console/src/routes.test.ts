import { permissionsOf } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { matchRoute, visibleRoutes } from './routes.js';

const labelsFor = (role: Parameters<typeof permissionsOf>[0]): string[] =>
  visibleRoutes(new Set(permissionsOf(role))).map((route) => route.label);

describe('routes', () => {
  it('shows admins every screen', () => {
    expect(labelsFor('admin')).toEqual(['Cameras', 'Live wall', 'Add camera', 'Events', 'Search', 'Alerts', 'Health', 'Exports', 'Rules', 'Users', 'API tokens', 'Webhooks', 'Agents', 'Audit log']);
  });

  it('shows integrators rules, tokens, webhooks and agents but not users or the audit log', () => {
    expect(labelsFor('integrator')).toEqual(['Cameras', 'Live wall', 'Add camera', 'Events', 'Search', 'Alerts', 'Health', 'Rules', 'API tokens', 'Webhooks', 'Agents']);
  });

  it('shows operators the cameras, their events, the alerts and the exports; viewers no exports', () => {
    expect(labelsFor('operator')).toEqual(['Cameras', 'Live wall', 'Events', 'Search', 'Alerts', 'Health', 'Exports']);
    expect(labelsFor('viewer')).toEqual(['Cameras', 'Live wall', 'Events', 'Search', 'Alerts', 'Health']);
  });

  it('lets everyone open the rules (read only) though only rule managers see the link', () => {
    expect(matchRoute('/rules')?.permission).toBe('camera.view');
    expect(visibleRoutes(new Set(permissionsOf('viewer'))).some((route) => route.id === 'rules')).toBe(false);
  });

  it('matches paths with or without a trailing slash, and nothing else', () => {
    expect(matchRoute('/')?.id).toBe('cameras');
    expect(matchRoute('/admin/users/')?.id).toBe('users');
    expect(matchRoute('/events')?.id).toBe('events');
    expect(matchRoute('/cameras/add')?.id).toBe('add-camera');
    expect(matchRoute('/alerts/')?.id).toBe('alerts');
    expect(matchRoute('/exports')?.id).toBe('exports');
    expect(matchRoute('/admin/webhooks')?.id).toBe('webhooks');
    expect(matchRoute('/admin/nope')).toBeUndefined();
  });
});
