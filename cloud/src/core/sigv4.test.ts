import { describe, expect, it } from 'vitest';
import {
  canonicalUri, formatAmzDate, headerMap, isSigV4Problem, parseAmzDate, parseSigV4Authorization, verifySigV4,
  type SigV4Authorization, type SignedRequest,
} from './sigv4.js';

// The AWS SigV4 test suite's credentials and instant (get-vanilla and friends).
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const AMZ_DATE = '20150830T123600Z';
const NOW = Date.UTC(2015, 7, 30, 12, 36, 0);
const OPTIONS = { secretAccessKey: SECRET, service: 'service', now: NOW, maxSkewMs: 15 * 60_000 } as const;

function request(url: string, body = '', extra: Record<string, string> = {}): SignedRequest {
  return { method: 'GET', url, headers: headerMap(['Host', 'example.amazonaws.com', 'X-Amz-Date', AMZ_DATE, ...Object.entries(extra).flat()]), body: Buffer.from(body) };
}

function auth(signature: string, overrides: Partial<SigV4Authorization> = {}): SigV4Authorization {
  return { accessKeyId: 'AKIDEXAMPLE', scopeDate: '20150830', region: 'us-east-1', service: 'service', signedHeaders: ['host', 'x-amz-date'], signature, ...overrides };
}

const VANILLA = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

describe('SigV4 verification', () => {
  it('accepts the AWS test suite request get-vanilla', () => {
    expect(verifySigV4(request('/'), auth(VANILLA), OPTIONS)).toBeUndefined();
  });

  it('sorts and escapes the query as the suite does (get-vanilla-query-order-key-case)', () => {
    expect(verifySigV4(request('/?Param2=value2&Param1=value1'), auth('b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'), OPTIONS)).toBeUndefined();
  });

  it('refuses a wrong secret, another path or another body', () => {
    expect(verifySigV4(request('/'), auth(VANILLA), { ...OPTIONS, secretAccessKey: 'other' })).toMatchObject({ kind: 'invalid', message: expect.stringContaining('does not match') });
    expect(verifySigV4(request('/x'), auth(VANILLA), OPTIONS)).toMatchObject({ kind: 'invalid' });
    expect(verifySigV4(request('/', 'body'), auth(VANILLA), OPTIONS)).toMatchObject({ kind: 'invalid' });
  });

  it('refuses a body whose x-amz-content-sha256 does not match it', () => {
    const claimed = { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }; // the empty body's
    expect(verifySigV4(request('/', 'tampered', claimed), auth(VANILLA), OPTIONS)).toMatchObject({ kind: 'invalid', message: expect.stringContaining('x-amz-content-sha256') });
  });

  it('refuses a date more than 15 minutes from the clock, either way, with AWS wording', () => {
    const late = verifySigV4(request('/'), auth(VANILLA), { ...OPTIONS, now: NOW + 15 * 60_000 + 1000 });
    expect(late).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z/) });
    expect(verifySigV4(request('/'), auth(VANILLA), { ...OPTIONS, now: NOW - 16 * 60_000 })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^Signature not yet current/) });
    expect(verifySigV4(request('/'), auth(VANILLA), { ...OPTIONS, now: NOW + 14 * 60_000 })).toBeUndefined();
  });

  it('requires the service, a scope date equal to x-amz-date, and host and x-amz-date signed', () => {
    expect(verifySigV4(request('/'), auth(VANILLA), { ...OPTIONS, service: 'rekognition' })).toMatchObject({ kind: 'invalid', message: expect.stringContaining("'rekognition'") });
    expect(verifySigV4(request('/'), auth(VANILLA, { scopeDate: '20150831' }), OPTIONS)).toMatchObject({ kind: 'invalid' });
    expect(verifySigV4(request('/'), auth(VANILLA, { signedHeaders: ['x-amz-date'] }), OPTIONS)).toMatchObject({ kind: 'incomplete', message: expect.stringContaining("'host'") });
    expect(verifySigV4(request('/'), auth(VANILLA, { signedHeaders: ['host'] }), OPTIONS)).toMatchObject({ kind: 'incomplete', message: expect.stringContaining("'x-amz-date'") });
    expect(verifySigV4(request('/'), auth(VANILLA, { signedHeaders: ['x-amz-date', 'host'] }), OPTIONS)).toMatchObject({ kind: 'incomplete' });
  });

  it('parses the Authorization header the SDKs send, and says what is missing from others', () => {
    const parsed = parseSigV4Authorization(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${VANILLA}`);
    expect(parsed).toEqual(auth(VANILLA));
    for (const [header, words] of [
      ['Bearer abc', 'AWS4-HMAC-SHA256'],
      [`AWS4-HMAC-SHA256 SignedHeaders=host, Signature=${VANILLA}`, "'Credential'"],
      [`AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/service/aws4_request, Signature=${VANILLA}`, "'SignedHeaders'"],
      [`AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/service, SignedHeaders=host, Signature=${VANILLA}`, 'scoped'],
      ['AWS4-HMAC-SHA256 Credential=A/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=xyz', 'hex'],
    ] as const) {
      const problem = parseSigV4Authorization(header);
      expect(isSigV4Problem(problem) && problem.kind === 'incomplete' && problem.message, header).toContain(words);
    }
  });

  it('escapes each path segment once more, keeping slashes, and removes dot segments', () => {
    expect(canonicalUri('/rekognition/')).toBe('/rekognition/');
    expect(canonicalUri('/a%20b/c')).toBe('/a%2520b/c');
    expect(canonicalUri('/a/./b/../c')).toBe('/a/c');
  });

  it('reads and writes x-amz-date', () => {
    expect(parseAmzDate(AMZ_DATE)).toBe(NOW);
    expect(formatAmzDate(NOW)).toBe(AMZ_DATE);
    expect(parseAmzDate('2015-08-30T12:36:00Z')).toBeNaN();
  });
});
