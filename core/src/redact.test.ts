import { describe, expect, it } from 'vitest';
import { redactCredentials } from './redact.js';

describe('redactCredentials', () => {
  it('hides user and password of any URL in a text', () => {
    const text = 'rtsp://admin:s3cr%40t@10.0.0.5:554/Streaming/101: Connection refused; retry rtsps://u:p@cam/x';
    const out = redactCredentials(text);
    expect(out).toBe('rtsp://***:***@10.0.0.5:554/Streaming/101: Connection refused; retry rtsps://***:***@cam/x');
  });

  it('hides secrets in query strings (presigned URLs, tokens)', () => {
    const out = redactCredentials('PUT http://s3/a.ts?X-Amz-Credential=AK%2F1&X-Amz-Signature=abc123&x=1 and /api/media/k?expires=5&sig=deadbeef');
    expect(out).not.toMatch(/AK%2F1|abc123|deadbeef/);
    expect(out).toContain('x=1');
    expect(out).toContain('expires=5');
  });

  it('leaves URLs without credentials alone', () => {
    expect(redactCredentials('http://127.0.0.1:8080/api/cameras')).toBe('http://127.0.0.1:8080/api/cameras');
  });

  it('hides the secrets Argus hands out and single sign-on codes wherever they appear', () => {
    const out = redactCredentials('Bearer argus-token-AbC_12-x9 then argus-agent-QQ and argus-enroll-zz; /api/auth/oidc/callback?code=c0de&state=st4te&iss=x');
    expect(out).not.toMatch(/AbC_12|QQ|zz|c0de|st4te/);
    expect(out).toContain('argus-token-***');
    expect(out).toContain('iss=x');
  });
});
