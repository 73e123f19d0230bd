import type { EventRecord } from '@argus/contracts';
import { isHealthEvent } from '../shared/event-family.js';

/**
 * Paging through GET /api/events, newest first, with *Load more*: each page
 * asks for events that started before the oldest one so far (`to`), the
 * same `from`. Events starting in the same millisecond as the page's oldest
 * may straddle two pages, so the next page asks up to that millisecond
 * inclusive and repeats are dropped by id. Health events (camera-offline, …)
 * are not something a camera saw: they are left out of the list. Pure.
 */

/** Events asked for per page: a few rows of the grid, and cheap for the cloud. */
export const EVENTS_PAGE_SIZE = 48;

export interface EventPages {
  /** Detections loaded so far, newest start first. */
  readonly events: readonly EventRecord[];
  /** `to` (epoch ms, exclusive) of the next page; null when the last answer held every remaining event. */
  readonly nextTo: number | null;
}

export const NO_PAGES: EventPages = { events: [], nextTo: null };

/** Adds one answer of at most `limit` events (newest first) to what is loaded. */
export function appendPage(loaded: EventPages, answer: readonly EventRecord[], limit: number): EventPages {
  const seen = new Set(loaded.events.map((e) => e.id));
  const fresh = answer.filter((e) => !seen.has(e.id));
  const events = [...loaded.events, ...fresh.filter((e) => !isHealthEvent(e.label))];
  const oldest = answer.at(-1);
  if (answer.length < limit || oldest === undefined) return { events, nextTo: null };
  const oldestStart = Date.parse(oldest.startedAt);
  // A whole page of repeats: more than a page started in that millisecond. Step past it rather than ask again for ever.
  return { events, nextTo: fresh.length === 0 ? oldestStart : oldestStart + 1 };
}
