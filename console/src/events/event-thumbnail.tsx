import { useSignal } from '@preact/signals';
import type { EventRecord } from '@argus/contracts';
import { api } from '../store/api.js';
import { pathCentres } from './event-format.js';

/**
 * An event's snapshot, with the tracked object's path drawn over it (a line
 * through its boxes' centres, a hollow dot where it was first seen, a full
 * one where it was last seen). The overlay's units are the JPEG's own pixels
 * (known once it loads), so dots stay round whatever the picture's shape;
 * the path is in picture proportions, as the edge sends it.
 */
export function EventThumbnail({ event, alt }: { event: EventRecord; alt: string }) {
  const size = useSignal<{ width: number; height: number } | null>(null);
  if (event.snapshotKey === null) {
    return (
      <div class="event-thumb event-thumb--none" data-testid="event-no-snapshot">
        No snapshot
      </div>
    );
  }
  const centres = pathCentres(event.path);
  const picture = size.value;
  return (
    <div class="event-thumb">
      <img
        class="event-thumb__image"
        data-testid="event-thumbnail"
        src={api.mediaUrl(event.snapshotKey)}
        alt={alt}
        loading="lazy"
        onLoad={(e) => {
          const img = e.currentTarget;
          if (img.naturalWidth > 0) size.value = { width: img.naturalWidth, height: img.naturalHeight };
        }}
      />
      {picture !== null && centres.length > 0 && <PathOverlay centres={centres} width={picture.width} height={picture.height} />}
    </div>
  );
}

function PathOverlay({ centres, width, height }: { centres: ReadonlyArray<readonly [number, number]>; width: number; height: number }) {
  const points = centres.map(([x, y]) => [x * width, y * height] as const);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const unit = Math.max(width, height) / 100; // about a pixel of a 100 px wide thumbnail
  return (
    <svg class="event-thumb__path" data-testid="event-path" viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      {points.length > 1 && <polyline points={points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')} stroke-width={unit} />}
      <circle class="event-thumb__path-start" cx={first[0]} cy={first[1]} r={unit * 1.6} stroke-width={unit * 0.8} />
      <circle class="event-thumb__path-end" cx={last[0]} cy={last[1]} r={unit * 2} />
    </svg>
  );
}
