import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { PlayerState } from '../player/create-player.js';
import { attachLive, type LiveStreamName } from '../player/live-transport.js';
import type { LiveTransport } from '../player/low-latency-live.js';
import { cameras } from '../store/cameras.js';
import { now } from '../store/clock.js';
import { DRAG_CAMERA_TYPE, DRAG_TILE_TYPE, dragSourceOf } from './wall-layout.js';
import { alertHighlights, cameraHealth, dispatch, wall } from './wall-store.js';
import { TILE_STATUS_LABEL, isHighlighted, isStalled, tileStatus, trackProgress, type Progress } from './tile-state.js';

export interface WallTileProps {
  readonly index: number;
  readonly cameraId: string | null;
  /** Grid tiles play the sub stream, the single view the main one. */
  readonly stream: LiveStreamName;
  /** The single view: no drag and drop, no double-click. */
  readonly single?: boolean;
}

/**
 * One tile of the Live wall: a drop target, the camera's live picture
 * (player/live-transport.ts, started here and stopped on unmount or when
 * the camera changes), its name, and a large state over the picture when
 * there is no live picture to see (offline, frozen, no permission, error).
 */
export function WallTile({ index, cameraId, stream, single = false }: WallTileProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const player = useSignal<PlayerState>({ name: 'idle' });
  const progress = useSignal<Progress | undefined>(undefined);
  const dragOver = useSignal(false);
  const transport = useSignal<LiveTransport>('stopped');

  useEffect(() => {
    const video = videoRef.current;
    player.value = { name: 'idle' };
    progress.value = undefined;
    transport.value = 'stopped';
    if (video === null || cameraId === null) return;
    let stopped = false;
    const live = attachLive(video, {
      cameraId,
      stream,
      onState: (state) => {
        if (!stopped) player.value = state;
      },
      onTime: (time) => {
        if (!stopped) progress.value = trackProgress(progress.peek(), time.currentTime, Date.now());
      },
      onTransport: (next) => {
        if (!stopped) transport.value = next;
      },
    });
    return () => {
      stopped = true;
      live.stop();
    };
  }, [cameraId, stream]);

  const clock = now.value.getTime();
  const camera = cameras.value?.find((c) => c.id === cameraId);
  const status = tileStatus({
    cameraId,
    cameras: cameras.value,
    health: cameraId === null ? undefined : cameraHealth.value.get(cameraId),
    player: player.value,
    stalled: isStalled(progress.value, clock),
  });
  const highlighted = isHighlighted(alertHighlights.value, cameraId, clock);
  const armed = wall.value.armed;
  const label = cameraId === null ? `Tile ${index + 1}: empty` : `Tile ${index + 1}: ${camera?.name ?? cameraId}`;

  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    dragOver.value = false;
    const source = event.dataTransfer === null ? undefined : dragSourceOf((type) => event.dataTransfer?.getData(type) ?? '');
    if (source !== undefined) dispatch({ type: 'drop', tile: index, source });
  };
  const accepts = (event: DragEvent): boolean => {
    const types = event.dataTransfer?.types ?? [];
    return types.includes(DRAG_CAMERA_TYPE) || types.includes(DRAG_TILE_TYPE);
  };

  return (
    <div
      class="wall-tile"
      role="group"
      aria-label={label}
      data-testid={single ? 'wall-single-tile' : `wall-tile-${index}`}
      data-camera={cameraId ?? ''}
      data-state={status}
      data-transport={transport.value}
      data-highlighted={highlighted ? 'true' : 'false'}
      data-drag-over={dragOver.value ? 'true' : 'false'}
      draggable={!single && cameraId !== null}
      onDragStart={(event) => event.dataTransfer?.setData(DRAG_TILE_TYPE, String(index))}
      onDragOver={(event) => {
        if (single || !accepts(event)) return;
        event.preventDefault(); // allows the drop
        dragOver.value = true;
      }}
      onDragLeave={() => (dragOver.value = false)}
      onDrop={single ? undefined : onDrop}
      onClick={() => {
        if (!single && armed !== null) dispatch({ type: 'tile-click', tile: index });
      }}
      onDblClick={() => {
        if (!single) dispatch({ type: 'focus', tile: index });
      }}
    >
      <video ref={videoRef} class="wall-tile__video" data-testid={single ? 'wall-single-video' : `wall-video-${index}`} aria-label={`${label}, live`} muted playsInline hidden={cameraId === null} />
      <div class="wall-tile__overlay" hidden={status === 'playing'} data-state={status} data-testid={single ? 'wall-single-state' : `wall-tile-state-${index}`}>
        {TILE_STATUS_LABEL[status]}
        {status === 'error' && player.value.message !== undefined && <span class="wall-tile__detail">{player.value.message}</span>}
      </div>
      <div class="wall-tile__bar">
        <span class="wall-tile__name">{cameraId === null ? `Tile ${index + 1}` : (camera?.name ?? cameraId)}</span>
        {highlighted && <span class="wall-tile__alert" role="status">Alert</span>}
        {!single && armed !== null && (
          <button type="button" class="button button--small" data-testid={`wall-place-${index}`} onClick={(e) => { e.stopPropagation(); dispatch({ type: 'tile-click', tile: index }); }}>
            Place here
          </button>
        )}
        {!single && cameraId !== null && (
          <>
            <button type="button" class="button button--small" aria-label={`Open ${camera?.name ?? cameraId} alone`} onClick={(e) => { e.stopPropagation(); dispatch({ type: 'focus', tile: index }); }}>
              Enlarge
            </button>
            <button type="button" class="button button--small" aria-label={`Clear tile ${index + 1}`} onClick={(e) => { e.stopPropagation(); dispatch({ type: 'clear', tile: index }); }}>
              Clear
            </button>
          </>
        )}
      </div>
    </div>
  );
}
