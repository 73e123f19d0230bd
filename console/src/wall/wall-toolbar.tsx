import { MAX_WALL_LAYOUTS, WALL_SIZES, WALL_LAYOUT_NAME_MAX } from '@argus/contracts';
import { deleteLayout, dispatch, openLayout, savedLayouts, saveCurrentLayout, saving, wall } from './wall-store.js';

/** The wall's controls: the grid size, the saved layouts to open, and saving the one shown. */
export function WallToolbar() {
  const state = wall.value;
  const document = savedLayouts.value;
  const saved = document?.layouts ?? [];
  const current = saved.find((l) => l.name === state.name);
  return (
    <div class="wall-toolbar" role="toolbar" aria-label="Live wall">
      <div class="wall-toolbar__sizes" role="group" aria-label="Tiles">
        {WALL_SIZES.map((size) => (
          <button
            key={size}
            type="button"
            class="button button--small"
            aria-pressed={state.size === size}
            aria-label={`${size} ${size === 1 ? 'tile' : 'tiles'}`}
            data-testid={`wall-size-${size}`}
            onClick={() => dispatch({ type: 'size', size })}
          >
            {size}
          </button>
        ))}
      </div>
      <label class="wall-toolbar__field">
        <span>Layout</span>
        <select
          data-testid="wall-layout-select"
          value={current === undefined ? '' : current.name}
          disabled={document === null || saved.length === 0}
          onChange={(event) => void openLayout((event.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{document === null ? 'Loading…' : saved.length === 0 ? 'No saved layouts' : 'Open a saved layout'}</option>
          {saved.map((layout) => (
            <option key={layout.name} value={layout.name}>{`${layout.name} (${layout.size})`}</option>
          ))}
        </select>
      </label>
      <label class="wall-toolbar__field">
        <span>Name</span>
        <input
          type="text"
          data-testid="wall-layout-name"
          maxLength={WALL_LAYOUT_NAME_MAX}
          value={state.name}
          onInput={(event) => dispatch({ type: 'rename', name: (event.currentTarget as HTMLInputElement).value })}
        />
      </label>
      <button
        type="button"
        class="button button--primary button--small"
        data-testid="wall-save"
        disabled={document === null || saving.value || (current === undefined && saved.length >= MAX_WALL_LAYOUTS)}
        onClick={() => void saveCurrentLayout()}
      >
        {saving.value ? 'Saving…' : 'Save layout'}
      </button>
      {current !== undefined && (
        <button type="button" class="button button--small" data-testid="wall-delete" disabled={saving.value} onClick={() => void deleteLayout(current.name)}>
          Delete layout
        </button>
      )}
      {state.armed !== null && <span class="wall-toolbar__armed" role="status">Choose a tile for the picked camera</span>}
    </div>
  );
}
