import { describe, expect, it } from 'vitest';
import { isForeignRequest } from './origin-check.js';

const post = (origin?: string, secFetchSite?: string, host = 'vms.example.com:8080') => ({ method: 'POST', host, origin, secFetchSite });

describe('foreign request check', () => {
  it('lets the console itself through', () => {
    expect(isForeignRequest(post('http://vms.example.com:8080', 'same-origin'), [])).toBe(false);
    expect(isForeignRequest(post('https://vms.example.com:8080'), [])).toBe(false); // TLS ended at a proxy
  });

  it('refuses another site, a null origin and cross-site fetch metadata', () => {
    expect(isForeignRequest(post('https://evil.example'), [])).toBe(true);
    expect(isForeignRequest(post('http://vms.example.com:9999'), [])).toBe(true);
    expect(isForeignRequest(post('null'), [])).toBe(true);
    expect(isForeignRequest(post(undefined, 'cross-site'), [])).toBe(true);
  });

  it('trusts configured origins and never checks reads', () => {
    expect(isForeignRequest(post('https://console.example.net'), ['https://console.example.net'])).toBe(false);
    expect(isForeignRequest({ method: 'GET', host: 'a', origin: 'https://evil.example', secFetchSite: 'cross-site' }, [])).toBe(false);
  });

  it('lets non-browser clients (no Origin, no fetch metadata) through', () => {
    expect(isForeignRequest(post(), [])).toBe(false);
  });
});
