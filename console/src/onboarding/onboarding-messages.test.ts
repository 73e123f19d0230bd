import { describe, expect, it } from 'vitest';
import { cameraIdFromName, explainOnboardingError, parseDiscoveryTarget } from './onboarding-messages.js';

describe('onboarding messages', () => {
  it('explains a refused password in words an operator can act on', () => {
    expect(explainOnboardingError('EDGE_ERR_ONVIF_AUTH')).toMatch(/refused this username or password/);
    expect(explainOnboardingError('EDGE_ERR_SOMETHING_NEW')).toBeUndefined();
  });

  it('makes a camera id from its name', () => {
    expect(cameraIdFromName('Loading bay 2')).toBe('loading-bay-2');
    expect(cameraIdFromName('  Café — Entrée ')).toBe('cafe-entree');
    expect(cameraIdFromName('***')).toBe('camera');
    expect(cameraIdFromName('x'.repeat(80))).toHaveLength(63);
  });

  it('reads a unicast discovery target, port 3702 by default', () => {
    expect(parseDiscoveryTarget('10.0.0.5')).toEqual({ host: '10.0.0.5', port: 3702 });
    expect(parseDiscoveryTarget('127.0.0.1:41234')).toEqual({ host: '127.0.0.1', port: 41234 });
    expect(parseDiscoveryTarget('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseDiscoveryTarget('a b')).toBeUndefined();
    expect(parseDiscoveryTarget('h:99999')).toBeUndefined();
  });
});
