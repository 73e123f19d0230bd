import { describe, expect, it } from 'vitest';
import { formatBytes, formatSiteScope, formatSkew } from './format.js';

describe('admin display formats', () => {
  const sites = [{ id: 'hq', name: 'Headquarters', cameras: 0, camerasOnline: 0, agents: 0, agentsOnline: 0 }];

  it('names site scopes', () => {
    expect(formatSiteScope(null, sites)).toBe('All sites');
    expect(formatSiteScope(['hq', 'depot'], sites)).toBe('Headquarters, depot');
    expect(formatSiteScope([], sites)).toBe('No sites');
  });

  it('formats sizes and skews', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatSkew(1234)).toBe('+1.2 s');
    expect(formatSkew(-300)).toBe('−0.3 s');
    expect(formatSkew(0)).toBe('0.0 s');
  });
});
