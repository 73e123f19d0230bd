import { permissionsOf } from '@argus/contracts';
import { describe, expect, it } from 'vitest';
import { matchRoute, visibleRoutes } from './routes.js';

const labelsFor = (role: Parameters<typeof permissionsOf>[0]): string[] =>
  visibleRoutes(new Set(permissionsOf(role))).map((route) => route.label);

describe('routes', () => {
  it('shows admins every screen', () => {
    expect(labelsFor('admin')).toEqual(['Cameras', 'Events', 'Users', 'API tokens', 'Agents', 'Audit log']);
  });

  it('shows integrators tokens and agents but not users or the audit log', () => {
    expect(labelsFor('integrator')).toEqual(['Cameras', 'Events', 'API tokens', 'Agents']);
  });

  it('shows operators and viewers the cameras and their events only', () => {
    expect(labelsFor('operator')).toEqual(['Cameras', 'Events']);
    expect(labelsFor('viewer')).toEqual(['Cameras', 'Events']);
  });

  it('matches paths with or without a trailing slash, and nothing else', () => {
    expect(matchRoute('/')?.id).toBe('cameras');
    expect(matchRoute('/admin/users/')?.id).toBe('users');
    expect(matchRoute('/events')?.id).toBe('events');
    expect(matchRoute('/admin/nope')).toBeUndefined();
  });
});
