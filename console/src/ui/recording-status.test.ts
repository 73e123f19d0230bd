import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS, recordingStatus } from './recording-status.js';

describe('recording status', () => {
  const now = Date.parse('2026-11-26T05:00:00.000Z');

  it('is recording while the newest segment is at most 30 s old', () => {
    expect(recordingStatus(new Date(now - 4_000).toISOString(), now)).toBe('recording');
    expect(recordingStatus(new Date(now - STALE_AFTER_MS).toISOString(), now)).toBe('recording');
  });

  it('is stale once the newest segment is older than 30 s', () => {
    expect(recordingStatus(new Date(now - STALE_AFTER_MS - 1).toISOString(), now)).toBe('stale');
  });

  it('is never for a camera without segments or with an unreadable time', () => {
    expect(recordingStatus(null, now)).toBe('never');
    expect(recordingStatus('not a time', now)).toBe('never');
  });
});
