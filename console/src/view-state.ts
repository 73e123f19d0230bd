/**
 * What the console shows, as a value, and its round trip through the page
 * URL: `?camera=<id>` (live) or `?camera=<id>&from=<ISO>&to=<ISO>` (range),
 * so a pasted link (or a test) reproduces the view. Pure: no DOM, no clock.
 */

export type ViewState =
  | { kind: 'none' }
  | { kind: 'live'; cameraId: string }
  | { kind: 'range'; cameraId: string; from: Date; to: Date };

export interface ParsedViewState {
  state: ViewState;
  /** Set when the link asked for something unusable and we fell back. */
  warning?: string;
}

export function parseViewState(search: string): ParsedViewState {
  const params = new URLSearchParams(search);
  const cameraId = params.get('camera')?.trim() ?? '';
  if (cameraId === '') return { state: { kind: 'none' } };

  const fromText = params.get('from');
  const toText = params.get('to');
  if (fromText === null && toText === null) return { state: { kind: 'live', cameraId } };

  const from = parseInstant(fromText);
  const to = parseInstant(toText);
  if (from === null || to === null || from.getTime() >= to.getTime()) {
    // A half-broken link still shows the camera rather than nothing.
    return {
      state: { kind: 'live', cameraId },
      warning: 'The link has an invalid time range; showing the live view instead',
    };
  }
  return { state: { kind: 'range', cameraId, from, to } };
}

/** The query string (with leading '?', or '' for no camera) for a view. */
export function formatViewState(state: ViewState): string {
  if (state.kind === 'none') return '';
  const params = new URLSearchParams({ camera: state.cameraId });
  if (state.kind === 'range') {
    params.set('from', state.from.toISOString());
    params.set('to', state.to.toISOString());
  }
  return `?${params.toString()}`;
}

/** Accepts ISO 8601 or epoch milliseconds, like the API's from/to. */
function parseInstant(text: string | null): Date | null {
  if (text === null || text.trim() === '') return null;
  const trimmed = text.trim();
  const date = /^\d+$/.test(trimmed) ? new Date(Number(trimmed)) : new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}
