import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { PtzArgs, PtzPreset } from '@argus/contracts';
import { toApiError, type ApiRequestError } from '../api/api-client.js';
import type { CommandSender } from '../shared/agent-commands.js';
import { FormError } from '../shared/form-error.js';
import { PTZ_DIRECTIONS, PTZ_SAFETY_TIMEOUT_MS, type PtzDirection } from './ptz-directions.js';

type PadState = { name: 'checking' } | { name: 'none' } | { name: 'ready'; presets: readonly PtzPreset[] };

/**
 * Pan / tilt / zoom for one camera, standalone (the Cameras screen's live
 * view now, a live wall tile later): press and hold an arrow or a zoom
 * button to move continuously, release to stop; a preset list where the
 * camera has presets. It asks the camera's presets first: a camera without
 * PTZ (no ONVIF service on record, or none on the camera) shows nothing.
 * Commands go one after another, so a stop never overtakes its move.
 */
export function PtzPad({ cameraId, send }: { cameraId: string; send: CommandSender }) {
  const state = useSignal<PadState>({ name: 'checking' });
  const moving = useSignal<PtzDirection['id'] | null>(null);
  const error = useSignal<ApiRequestError | null>(null);
  const preset = useSignal('');
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let live = true;
    state.value = { name: 'checking' };
    send('ptz', { cameraId, action: 'presets' }).then(
      (result) => {
        if (live) state.value = { name: 'ready', presets: 'presets' in result ? result.presets : [] };
      },
      () => {
        if (live) state.value = { name: 'none' };
      },
    );
    return () => {
      live = false;
    };
  }, [cameraId, send]);

  const run = (args: Omit<PtzArgs, 'cameraId'>): void => {
    queue.current = queue.current
      .then(() => send('ptz', { cameraId, ...args }))
      .then(
        () => (error.value = null),
        (caught: unknown) => (error.value = toApiError(caught)),
      );
  };
  const start = (direction: PtzDirection) => {
    if (moving.value !== null) return;
    moving.value = direction.id;
    run({ action: 'move', ...direction.velocity, timeoutMs: PTZ_SAFETY_TIMEOUT_MS });
  };
  const stop = () => {
    if (moving.value === null) return;
    moving.value = null;
    run({ action: 'stop' });
  };

  const current = state.value;
  if (current.name !== 'ready') return null;
  return (
    <div class="ptz-pad" data-testid="ptz-pad" aria-label="Pan, tilt and zoom" role="group" data-moving={moving.value ?? undefined}>
      <div class="ptz-pad__buttons">
        {PTZ_DIRECTIONS.map((direction) => (
          <button
            key={direction.id}
            type="button"
            class={`button button--small ptz-pad__button ptz-pad__button--${direction.id}`}
            data-testid={`ptz-${direction.id}`}
            aria-label={direction.label}
            title={`${direction.label} (hold)`}
            aria-pressed={moving.value === direction.id}
            onPointerDown={(event) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              start(direction);
            }}
            onPointerUp={stop}
            onPointerCancel={stop}
            onLostPointerCapture={stop}
            onKeyDown={(event) => {
              if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
                event.preventDefault();
                start(direction);
              }
            }}
            onKeyUp={(event) => {
              if (event.key === ' ' || event.key === 'Enter') stop();
            }}
            onBlur={stop}
          >
            {direction.symbol}
          </button>
        ))}
      </div>
      {current.presets.length > 0 && (
        <div class="ptz-pad__presets">
          <label class="visually-hidden" for={`ptz-preset-${cameraId}`}>
            Preset
          </label>
          <select id={`ptz-preset-${cameraId}`} class="input" data-testid="ptz-preset" value={preset.value} onChange={(e) => (preset.value = e.currentTarget.value)}>
            <option value="">Preset…</option>
            {current.presets.map((p) => (
              <option key={p.token} value={p.token}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="button" class="button button--small" data-testid="ptz-goto" disabled={preset.value === ''} onClick={() => run({ action: 'goto-preset', preset: preset.value })}>
            Go
          </button>
        </div>
      )}
      <FormError error={error.value} testId="ptz-error" />
    </div>
  );
}
