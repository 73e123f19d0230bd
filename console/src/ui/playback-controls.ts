import type { TimeRange } from '../api/api-client.js';
import { ConsoleErrorCode } from '../errors.js';
import { fromDateTimeLocalValue, toDateTimeLocalValue } from '../time-format.js';
import { h } from './dom.js';

/**
 * Live / range controls under the player. The inputs are `datetime-local`
 * (the operator's local time); ranges leave here as absolute instants.
 */

/** The cloud refuses longer playback ranges (docs/api.md); checking here gives a clearer message. */
export const MAX_RANGE_MS = 24 * 60 * 60 * 1000;

export type RangeCheck = { ok: true; range: TimeRange } | { ok: false; code: string; message: string };

/** Validates the two input values; pure so it can be tested without a DOM. */
export function checkRange(fromValue: string, toValue: string): RangeCheck {
  const from = fromDateTimeLocalValue(fromValue);
  const to = fromDateTimeLocalValue(toValue);
  const bad = (message: string): RangeCheck => ({ ok: false, code: ConsoleErrorCode.BAD_RANGE, message });
  if (from === null || to === null) return bad('Enter both a start and an end time');
  if (from.getTime() >= to.getTime()) return bad('The start time must be before the end time');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) return bad('A playback range can be at most 24 hours');
  return { ok: true, range: { from, to } };
}

export interface PlaybackControlsHandlers {
  onLive(): void;
  onRange(range: TimeRange): void;
  onInvalidRange(code: string, message: string): void;
}

export interface PlaybackControlsView {
  readonly element: HTMLElement;
  /** Enables the play buttons once a camera is chosen. */
  setCameraSelected(selected: boolean): void;
  /** Reflects the current mode on the Live button (aria-pressed). */
  setMode(mode: 'none' | 'live' | 'range'): void;
  /** Puts a range into the inputs (e.g. one read from the URL). */
  setRange(range: TimeRange): void;
}

const QUICK_RANGES: ReadonlyArray<{ label: string; ms: number }> = [
  { label: 'Last 5 min', ms: 5 * 60 * 1000 },
  { label: 'Last 1 h', ms: 60 * 60 * 1000 },
];

export function createPlaybackControls(
  handlers: PlaybackControlsHandlers,
  now: () => Date = () => new Date(),
): PlaybackControlsView {
  const liveButton = h('button', {
    className: 'button button--live',
    attrs: { type: 'button', 'data-testid': 'live-button', 'aria-pressed': 'false' },
  }, [h('span', { className: 'live-dot', attrs: { 'aria-hidden': 'true' } }), 'Live']);

  // step=1 so ranges can be set to the second, matching the wall clock shown.
  const fromInput = h('input', {
    className: 'input',
    attrs: { type: 'datetime-local', step: '1', id: 'range-from', 'data-testid': 'range-from' },
  });
  const toInput = h('input', {
    className: 'input',
    attrs: { type: 'datetime-local', step: '1', id: 'range-to', 'data-testid': 'range-to' },
  });
  const playRange = h('button', {
    className: 'button button--primary',
    text: 'Play range',
    attrs: { type: 'button', 'data-testid': 'play-range' },
  });
  const quickButtons = QUICK_RANGES.map(({ label, ms }) => {
    const button = h('button', { className: 'button', text: label, attrs: { type: 'button' } });
    button.addEventListener('click', () => {
      const to = now();
      const from = new Date(to.getTime() - ms);
      setRange({ from, to });
      handlers.onRange({ from, to });
    });
    return button;
  });

  function setRange(range: TimeRange): void {
    fromInput.value = toDateTimeLocalValue(range.from);
    toInput.value = toDateTimeLocalValue(range.to);
  }

  liveButton.addEventListener('click', () => handlers.onLive());
  playRange.addEventListener('click', () => {
    const result = checkRange(fromInput.value, toInput.value);
    if (result.ok) handlers.onRange(result.range);
    else handlers.onInvalidRange(result.code, result.message);
  });

  const element = h('div', { className: 'controls', attrs: { role: 'toolbar', 'aria-label': 'Playback' } }, [
    liveButton,
    h('span', { className: 'controls__divider', attrs: { 'aria-hidden': 'true' } }),
    h('div', { className: 'field' }, [h('label', { text: 'From', attrs: { for: 'range-from' } }), fromInput]),
    h('div', { className: 'field' }, [h('label', { text: 'To', attrs: { for: 'range-to' } }), toInput]),
    ...quickButtons,
    playRange,
  ]);

  const playButtons = [liveButton, playRange, ...quickButtons];
  return {
    element,
    setCameraSelected(selected) {
      for (const button of playButtons) {
        button.disabled = !selected;
        button.title = selected ? '' : 'Select a camera first';
      }
    },
    setMode(mode) {
      liveButton.setAttribute('aria-pressed', String(mode === 'live'));
    },
    setRange,
  };
}
