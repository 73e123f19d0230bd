import { describe, expect, it } from 'vitest';
import { classifyOnvifError, onvifError } from './onvif-errors.js';

const socketError = (code: string): Error => Object.assign(new Error(`connect ${code} 10.0.0.9:80`), { code });

describe('classifyOnvifError', () => {
  it('reads refused credentials from WS-Security faults and HTTP Digest refusals', () => {
    expect(classifyOnvifError(new Error('ONVIF SOAP Fault: Sender not Authorized'))).toBe('auth');
    expect(classifyOnvifError(new Error('ONVIF SOAP Fault: {"value":"env:Sender","subcode":{"value":"ter:NotAuthorized"}}'))).toBe('auth');
    expect(classifyOnvifError(new Error('Digest authentication failed 401'))).toBe('auth');
  });

  it('reads socket errors and the client reply timeout as unreachable', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND']) expect(classifyOnvifError(socketError(code))).toBe('unreachable');
    expect(classifyOnvifError(new Error('Network timeout'))).toBe('unreachable');
  });

  it('leaves anything else to the protocol', () => {
    expect(classifyOnvifError(new Error('Wrong ONVIF SOAP response'))).toBe('protocol');
    expect(classifyOnvifError(new Error('ONVIF SOAP Fault: Optional Action Not Implemented'))).toBe('protocol');
    expect(classifyOnvifError('odd')).toBe('protocol');
  });
});

describe('onvifError', () => {
  it('gives each kind its catalogue code, names the host and keeps the cause', () => {
    const cause = new Error('ONVIF SOAP Fault: Sender not Authorized');
    const err = onvifError('connect', '10.0.0.9:80', cause);
    expect(err.code).toBe('EDGE_ERR_ONVIF_AUTH');
    expect(err.message).toContain('10.0.0.9:80 refused the username or password');
    expect(err.cause).toBe(cause);
    expect(onvifError('connect', 'h:1', socketError('ECONNREFUSED')).code).toBe('EDGE_ERR_ONVIF_UNREACHABLE');
    expect(onvifError('GetProfiles', 'h:1', new Error('Wrong ONVIF SOAP response')).code).toBe('EDGE_ERR_ONVIF');
  });

  it('redacts credentials a library message might echo', () => {
    expect(onvifError('connect', 'h:1', new Error('bad http://admin:hunter2@h:1/onvif')).message).not.toContain('hunter2');
  });
});
