import { describe, expect, it } from 'vitest';
import { ssoHref } from './sso-link.js';

const here = (path: string, search = '') => ({ origin: 'https://vms.example', path, search });

describe('single sign-on link', () => {
  it('returns to the page that was asked for', () => {
    expect(ssoHref('/api/auth/oidc/login', here('/', '?camera=cam-1'))).toBe('/api/auth/oidc/login?returnTo=%2F%3Fcamera%3Dcam-1');
    expect(ssoHref('/api/auth/oidc/login', here('/admin/users'))).toBe('/api/auth/oidc/login?returnTo=%2Fadmin%2Fusers');
  });

  it('returns to the cameras from the login page itself', () => {
    expect(ssoHref('/api/auth/oidc/login', here('/login'))).toBe('/api/auth/oidc/login?returnTo=%2F');
  });

  it('keeps an absolute login URL of another origin absolute, with its own query', () => {
    expect(ssoHref('https://sso.example/start?tenant=a', here('/'))).toBe('https://sso.example/start?tenant=a&returnTo=%2F');
  });
});
