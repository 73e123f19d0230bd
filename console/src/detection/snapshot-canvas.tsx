import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { Point } from '@argus/contracts';
import { shapeLabel, type Draft } from './detection-draft.js';

/** Drawing surface without a snapshot yet: a 16:9 picture of this many units. */
const PLACEHOLDER = { width: 1600, height: 900 };

export interface SnapshotCanvasProps {
  /** Media URL of the camera's snapshot, or null before one was taken. */
  readonly imageUrl: string | null;
  readonly draft: Draft;
  /** A click on the picture: a point while drawing, else a selection (of nothing). */
  onAddPoint(x: number, y: number): void;
  /** A double click: closes the polygon being drawn. */
  onClose(): void;
  onSelect(id: number | null): void;
  onMovePoint(id: number, index: number, x: number, y: number): void;
}

/**
 * The camera's picture with the zones and masks over it, in an SVG whose
 * units are the picture's pixels (so handles stay round whatever the
 * picture's shape). Clicks add points to the polygon being drawn; the
 * selected polygon's corners can be dragged.
 */
export function SnapshotCanvas(props: SnapshotCanvasProps) {
  const { draft } = props;
  const size = useSignal(PLACEHOLDER);
  const svg = useRef<SVGSVGElement>(null);
  const dragging = useRef<{ id: number; index: number } | null>(null);
  const { width, height } = size.value;
  const handle = Math.max(width, height) / 110;
  const stroke = Math.max(width, height) / 450;

  /** The pointer as picture coordinates, 0..1. */
  const at = (e: { clientX: number; clientY: number }): [number, number] => {
    const rect = svg.current?.getBoundingClientRect();
    if (rect === undefined || rect.width === 0 || rect.height === 0) return [0, 0];
    return [(e.clientX - rect.left) / rect.width, (e.clientY - rect.top) / rect.height];
  };
  const px = (p: Point): string => `${p[0] * width},${p[1] * height}`;

  const drawing = draft.drawing;
  return (
    <div class="snapshot-canvas" data-testid="detection-canvas" data-drawing={drawing === null ? undefined : drawing.kind}>
      {props.imageUrl === null ? (
        <div class="snapshot-canvas__placeholder" style={{ aspectRatio: `${PLACEHOLDER.width} / ${PLACEHOLDER.height}` }}>
          No snapshot yet
        </div>
      ) : (
        <img
          class="snapshot-canvas__image"
          data-testid="detection-snapshot"
          src={props.imageUrl}
          alt="The camera's picture"
          draggable={false}
          onLoad={(e) => {
            const img = e.currentTarget as HTMLImageElement;
            if (img.naturalWidth > 0) size.value = { width: img.naturalWidth, height: img.naturalHeight };
          }}
        />
      )}
      <svg
        ref={svg}
        class="snapshot-canvas__overlay"
        data-testid="detection-overlay"
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        onClick={(e) => {
          if (drawing === null) return props.onSelect(null);
          const [x, y] = at(e);
          props.onAddPoint(x, y);
        }}
        onDblClick={(e) => {
          e.preventDefault();
          if (drawing !== null) props.onClose();
        }}
        onPointerMove={(e) => {
          const d = dragging.current;
          if (d === null) return;
          const [x, y] = at(e);
          props.onMovePoint(d.id, d.index, x, y);
        }}
        onPointerUp={() => (dragging.current = null)}
        onPointerCancel={() => (dragging.current = null)}
      >
        {draft.shapes.map((shape) => {
          const selected = draft.selected === shape.id;
          return (
            <g key={shape.id} class={`shape shape--${shape.kind}${selected ? ' shape--selected' : ''}`} data-testid="detection-shape" data-kind={shape.kind}>
              <polygon
                points={shape.points.map(px).join(' ')}
                stroke-width={stroke}
                onClick={(e) => {
                  if (drawing !== null) return; // a click while drawing is a point, even over another polygon
                  e.stopPropagation();
                  props.onSelect(shape.id);
                }}
              >
                <title>{shapeLabel(draft, shape)}</title>
              </polygon>
              {selected &&
                shape.points.map((p, index) => (
                  <circle
                    key={index}
                    class="shape__handle"
                    data-testid="detection-handle"
                    cx={p[0] * width}
                    cy={p[1] * height}
                    r={handle}
                    stroke-width={stroke}
                    onClick={(e) => e.stopPropagation()}
                    onPointerDown={(e) => {
                      e.stopPropagation();
                      (e.currentTarget as Element).setPointerCapture(e.pointerId);
                      dragging.current = { id: shape.id, index };
                    }}
                    onPointerMove={(e) => {
                      const d = dragging.current;
                      if (d === null) return;
                      const [x, y] = at(e);
                      props.onMovePoint(d.id, d.index, x, y);
                    }}
                    onPointerUp={(e) => {
                      (e.currentTarget as Element).releasePointerCapture(e.pointerId);
                      dragging.current = null;
                    }}
                  />
                ))}
            </g>
          );
        })}
        {drawing !== null && drawing.points.length > 0 && (
          <g class={`shape shape--${drawing.kind} shape--drawing`}>
            <polyline points={drawing.points.map(px).join(' ')} stroke-width={stroke} />
            {drawing.points.map((p, index) => (
              <circle key={index} class="shape__handle" cx={p[0] * width} cy={p[1] * height} r={handle * 0.7} stroke-width={stroke} />
            ))}
          </g>
        )}
      </svg>
    </div>
  );
}
