import type { ExportRecord } from '@argus/contracts';
import type { ApiRequestError } from '../api/api-client.js';

/**
 * Following one export until it is done or failed (GET /api/exports/:id),
 * as a pure state machine the hook (use-export-progress.ts) drives: what
 * each answer or failure makes of the state, and how long to wait before
 * asking again (null: stop). Polling is bounded: it gives up after
 * EXPORT_POLL_LIMIT_MS, or after EXPORT_POLL_MAX_FAILURES failed asks in a
 * row; the export goes on in the cloud either way (the Exports page lists it).
 */

/** First pause between asks (ms); exports take seconds (stream copy), so the first answers come quickly. Used by use-export-progress. */
export const EXPORT_POLL_FIRST_MS = 500;
/** Pauses double up to this (ms). */
export const EXPORT_POLL_MAX_MS = 3_000;
/** Stop asking after this long (ms): the export is listed on the Exports page anyway. */
export const EXPORT_POLL_LIMIT_MS = 5 * 60_000;
/** Stop after this many failed asks in a row (network, 5xx); a 4xx stops at once. */
export const EXPORT_POLL_MAX_FAILURES = 3;

export type ExportPollStatus =
  /** Queued or running: asking again. */
  | 'waiting'
  | 'done'
  | 'failed'
  /** Still queued or running after EXPORT_POLL_LIMIT_MS. */
  | 'gave-up'
  /** Asking failed (see `error`). */
  | 'error';

export interface ExportPoll {
  readonly record: ExportRecord;
  readonly status: ExportPollStatus;
  /** When following started (epoch ms). */
  readonly startedMs: number;
  /** Answers received so far (the POST's included). */
  readonly answers: number;
  /** Failed asks in a row. */
  readonly failures: number;
  readonly error: ApiRequestError | null;
}

function statusOf(record: ExportRecord): ExportPollStatus {
  return record.state === 'done' ? 'done' : record.state === 'failed' ? 'failed' : 'waiting';
}

/** The state right after POST /api/exports answered with `record`. */
export function startPoll(record: ExportRecord, nowMs: number): ExportPoll {
  return { record, status: statusOf(record), startedMs: nowMs, answers: 1, failures: 0, error: null };
}

/** After GET /api/exports/:id answered. */
export function onAnswer(poll: ExportPoll, record: ExportRecord, nowMs: number): ExportPoll {
  const status = statusOf(record);
  const next = { ...poll, record, status, answers: poll.answers + 1, failures: 0, error: null };
  if (status === 'waiting' && nowMs - poll.startedMs >= EXPORT_POLL_LIMIT_MS) return { ...next, status: 'gave-up' };
  return next;
}

/** After an ask failed: a refusal (4xx) stops; anything else is tried again a few times. */
export function onFailure(poll: ExportPoll, error: ApiRequestError, nowMs: number): ExportPoll {
  const failures = poll.failures + 1;
  const refused = error.status >= 400 && error.status < 500;
  const stop = refused || failures >= EXPORT_POLL_MAX_FAILURES || nowMs - poll.startedMs >= EXPORT_POLL_LIMIT_MS;
  return { ...poll, failures, error, status: stop ? 'error' : 'waiting' };
}

/** How long to wait before the next ask (ms), or null when following is over. */
export function nextDelayMs(poll: ExportPoll): number | null {
  if (poll.status !== 'waiting') return null;
  return Math.min(EXPORT_POLL_MAX_MS, EXPORT_POLL_FIRST_MS * 2 ** Math.max(0, poll.answers + poll.failures - 1));
}
