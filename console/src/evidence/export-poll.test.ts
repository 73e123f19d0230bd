import { describe, expect, it } from 'vitest';
import type { ExportRecord } from '@argus/contracts';
import { ApiRequestError } from '../api/api-client.js';
import {
  EXPORT_POLL_FIRST_MS,
  EXPORT_POLL_LIMIT_MS,
  EXPORT_POLL_MAX_FAILURES,
  EXPORT_POLL_MAX_MS,
  nextDelayMs,
  onAnswer,
  onFailure,
  startPoll,
} from './export-poll.js';

const T0 = Date.parse('2026-11-26T10:00:00Z');

function exportIn(state: ExportRecord['state'], extra: Partial<ExportRecord> = {}): ExportRecord {
  return {
    id: 'exp-1', state, cameraId: 'cam-1', stream: 'main', from: '2026-11-26T09:00:00.000Z', to: '2026-11-26T09:05:00.000Z',
    reason: 'Break-in', createdBy: 'admin@argus.test', createdAt: '2026-11-26T10:00:00.000Z', finishedAt: null,
    clipUrl: null, manifestUrl: null, clipSha256: null, error: null, ...extra,
  };
}

const networkError = new ApiRequestError({ status: 0, code: 'CONSOLE_ERR_NETWORK', message: 'Cannot reach the cloud' });

describe('export polling', () => {
  it('asks again while queued or running, backing off up to a ceiling, and stops when done', () => {
    let poll = startPoll(exportIn('queued'), T0);
    expect(poll.status).toBe('waiting');
    expect(nextDelayMs(poll)).toBe(EXPORT_POLL_FIRST_MS);
    poll = onAnswer(poll, exportIn('running'), T0 + 500);
    expect(nextDelayMs(poll)).toBe(EXPORT_POLL_FIRST_MS * 2);
    for (let i = 0; i < 10; i++) poll = onAnswer(poll, exportIn('running'), T0 + 1_000 + i);
    expect(nextDelayMs(poll)).toBe(EXPORT_POLL_MAX_MS);
    const done = exportIn('done', { clipUrl: '/api/media/org/o/exports/exp-1/clip.mp4', manifestUrl: '/api/media/org/o/exports/exp-1/manifest.json' });
    poll = onAnswer(poll, done, T0 + 5_000);
    expect(poll).toMatchObject({ status: 'done', record: done });
    expect(nextDelayMs(poll)).toBeNull();
  });

  it('stops on a failed export, keeping its reason', () => {
    const poll = onAnswer(startPoll(exportIn('queued'), T0), exportIn('failed', { error: 'segment altered' }), T0 + 500);
    expect(poll.status).toBe('failed');
    expect(poll.record.error).toBe('segment altered');
    expect(nextDelayMs(poll)).toBeNull();
  });

  it('a finished export in the first answer needs no polling', () => {
    expect(nextDelayMs(startPoll(exportIn('done'), T0))).toBeNull();
  });

  it('gives up after the time limit while the export is still queued', () => {
    const poll = onAnswer(startPoll(exportIn('queued'), T0), exportIn('queued'), T0 + EXPORT_POLL_LIMIT_MS);
    expect(poll.status).toBe('gave-up');
    expect(nextDelayMs(poll)).toBeNull();
  });

  it('tries again after a network failure, a few times in a row at most; an answer resets the count', () => {
    let poll = startPoll(exportIn('queued'), T0);
    poll = onFailure(poll, networkError, T0 + 500);
    expect(poll).toMatchObject({ status: 'waiting', failures: 1 });
    poll = onAnswer(poll, exportIn('running'), T0 + 1_000);
    expect(poll).toMatchObject({ status: 'waiting', failures: 0, error: null });
    for (let i = 0; i < EXPORT_POLL_MAX_FAILURES; i++) poll = onFailure(poll, networkError, T0 + 2_000 + i);
    expect(poll).toMatchObject({ status: 'error', error: networkError });
    expect(nextDelayMs(poll)).toBeNull();
  });

  it('stops at once when the cloud refuses (the export is gone or not the caller\'s)', () => {
    const refused = new ApiRequestError({ status: 404, code: 'CLD_ERR_EXPORT_NOT_FOUND', message: 'no export exp-1' });
    expect(onFailure(startPoll(exportIn('queued'), T0), refused, T0 + 500).status).toBe('error');
  });
});
