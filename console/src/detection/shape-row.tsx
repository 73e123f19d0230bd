import { NAME_PATTERN } from '@argus/contracts';
import { shapeLabel, type Draft, type Shape, type ShapeKind } from './detection-draft.js';

/** One zone or mask in the editor's list: select it, name it (zones), switch zone/mask, delete it. */
export function ShapeRow(props: {
  draft: Draft;
  shape: Shape;
  invalid: boolean;
  onSelect(): void;
  onRename(name: string): void;
  onKind(kind: ShapeKind): void;
  onRemove(): void;
}) {
  const { shape, draft } = props;
  const selected = draft.selected === shape.id;
  const label = shapeLabel(draft, shape);
  return (
    <li class={`shape-row${selected ? ' shape-row--selected' : ''}`} data-testid="shape-row" data-kind={shape.kind} aria-current={selected ? 'true' : undefined}>
      <button type="button" class={`shape-row__swatch shape-row__swatch--${shape.kind}`} aria-label={`Select ${label}`} onClick={props.onSelect} />
      {shape.kind === 'zone' ? (
        <input
          class="input input--small shape-row__name"
          data-testid="zone-name"
          aria-label="Zone name"
          aria-invalid={props.invalid ? 'true' : undefined}
          pattern={NAME_PATTERN}
          maxLength={64}
          value={shape.name}
          onFocus={props.onSelect}
          onInput={(e) => props.onRename((e.currentTarget as HTMLInputElement).value)}
        />
      ) : (
        <span class="shape-row__name shape-row__name--mask">{label} (ignored)</span>
      )}
      <select
        class="input input--small"
        aria-label={`Kind of ${label}`}
        data-testid="shape-kind"
        value={shape.kind}
        onChange={(e) => props.onKind((e.currentTarget as HTMLSelectElement).value as ShapeKind)}
      >
        <option value="zone">Zone</option>
        <option value="mask">Mask</option>
      </select>
      <span class="shape-row__points">{shape.points.length} points</span>
      <button type="button" class="button button--small button--danger" aria-label={`Delete ${label}`} data-testid="shape-delete" onClick={props.onRemove}>
        Delete
      </button>
    </li>
  );
}
