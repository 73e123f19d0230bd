import type { AlertRecord, EventRecord, StreamMessageName, StreamResync } from '@argus/contracts';
import { isAlert } from '../api/api-client.js';

/**
 * The messages of GET /api/stream (contracts/src/stream.schemas.ts) as the
 * console reads them: the JSON of each `data:` line, checked for the fields
 * the views rely on. A message that does not parse is dropped rather than
 * handed to a view half-formed. Pure.
 */

export interface LiveMessages {
  /** An alert after any transition (opened, acknowledged, resolved, assigned), as GET /api/alerts lists it. */
  alert: AlertRecord;
  /** An event phase the cloud stored, as GET /api/events lists it. */
  event: EventRecord;
  /** The stream could not replay everything since the client's position: lists must be loaded again. */
  resync: StreamResync;
}

export type LiveMessageName = keyof LiveMessages & StreamMessageName;

/** The message names the console listens to (every name the stream sends). */
export const LIVE_MESSAGE_NAMES: readonly LiveMessageName[] = ['alert', 'event', 'resync'];

/** Parses one message's data; undefined when it is not JSON or lacks the fields its name promises. */
export function parseLiveMessage<K extends LiveMessageName>(name: K, data: string): LiveMessages[K] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data) as unknown;
  } catch {
    return undefined; // Not JSON: nothing a view could show.
  }
  const ok = name === 'alert' ? isAlert(value) : name === 'event' ? isEvent(value) : isResync(value);
  return ok ? (value as LiveMessages[K]) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isEvent(value: unknown): boolean {
  return isObject(value) && typeof value['id'] === 'string' && typeof value['label'] === 'string' && typeof value['startedAt'] === 'string';
}

function isResync(value: unknown): boolean {
  return isObject(value) && (value['reason'] === 'expired' || value['reason'] === 'unknown');
}
