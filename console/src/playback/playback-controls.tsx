import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { TimeRange } from '../api/api-client.js';
import { TextField } from '../shared/text-field.js';
import { clearError, showError } from '../store/banner.js';
import { cameraView, showCameraView } from '../store/camera-view.js';
import { toDateTimeLocalValue } from '../time-format.js';
import { formatViewState } from '../view-state.js';
import { checkRange } from './range-check.js';

/**
 * Live / range controls under the player. The inputs are `datetime-local`
 * (the operator's local time); ranges leave here as absolute instants, into
 * the URL (store/camera-view.ts), which the player follows.
 */

const QUICK_RANGES: ReadonlyArray<{ label: string; ms: number }> = [
  { label: 'Last 5 min', ms: 5 * 60 * 1000 },
  { label: 'Last 1 h', ms: 60 * 60 * 1000 },
];

export function PlaybackControls() {
  const fromValue = useSignal('');
  const toValue = useSignal('');
  const view = cameraView.value;
  const cameraId = view.kind === 'none' ? null : view.cameraId;

  const putRange = (range: TimeRange): void => {
    fromValue.value = toDateTimeLocalValue(range.from);
    toValue.value = toDateTimeLocalValue(range.to);
  };

  // A range from a link (or Back) shows in the inputs.
  const viewKey = formatViewState(view);
  useEffect(() => {
    if (view.kind === 'range') putRange(view);
  }, [viewKey]);

  const playRange = (range: TimeRange): void => {
    if (cameraId === null) return;
    clearError('range');
    showCameraView({ kind: 'range', cameraId, ...range });
  };
  const onPlayRange = (): void => {
    const result = checkRange(fromValue.value, toValue.value);
    if (result.ok) playRange(result.range);
    else showError('range', result.message, result.code);
  };
  const onLive = (): void => {
    if (cameraId === null) return;
    clearError('range');
    showCameraView({ kind: 'live', cameraId });
  };
  const disabled = cameraId === null;
  const title = disabled ? 'Select a camera first' : undefined;

  return (
    <div class="controls" role="toolbar" aria-label="Playback">
      <button
        type="button"
        class="button button--live"
        data-testid="live-button"
        aria-pressed={view.kind === 'live'}
        disabled={disabled}
        title={title}
        onClick={onLive}
      >
        <span class="live-dot" aria-hidden="true" />
        Live
      </button>
      <span class="controls__divider" aria-hidden="true" />
      {/* step=1 so ranges can be set to the second, matching the wall clock shown. */}
      <TextField id="range-from" label="From" type="datetime-local" step={1} testId="range-from" value={fromValue} />
      <TextField id="range-to" label="To" type="datetime-local" step={1} testId="range-to" value={toValue} />
      {QUICK_RANGES.map(({ label, ms }) => (
        <button
          key={label}
          type="button"
          class="button"
          disabled={disabled}
          title={title}
          onClick={() => {
            const to = new Date();
            const range = { from: new Date(to.getTime() - ms), to };
            putRange(range);
            playRange(range);
          }}
        >
          {label}
        </button>
      ))}
      <button type="button" class="button button--primary" data-testid="play-range" disabled={disabled} title={title} onClick={onPlayRange}>
        Play range
      </button>
    </div>
  );
}
