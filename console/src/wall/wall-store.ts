import { signal } from '@preact/signals';
import { EMPTY_LAYOUTS, type LayoutsDocument } from '@argus/contracts';
import { toApiError } from '../api/api-client.js';
import { api } from '../store/api.js';
import { clearError, showError } from '../store/banner.js';
import { onLive } from '../store/live.js';
import { TILE_HEALTH_LABELS, applyAlert, applyHealthEvent, withOpenHealthEvents, type HealthByCamera, type Highlights } from './tile-state.js';
import { emptyWall, fromLayout, layoutToOpen, toLayout, wallReducer, withSavedLayout, withoutLayout, type WallAction, type WallState } from './wall-layout.js';

/**
 * The Live wall's state while its screen is open: the grid (wall-layout.ts),
 * the user's saved layouts (GET/PUT /api/me/layouts), camera health and
 * alert highlights from the live channel. Views read the signals and call
 * the functions below; nothing is pushed to them by hand.
 */

export const wall = signal<WallState>(emptyWall());
/** The user's saved layouts; null until loaded. */
export const savedLayouts = signal<LayoutsDocument | null>(null);
export const saving = signal(false);
export const cameraHealth = signal<HealthByCamera>(new Map());
export const alertHighlights = signal<Highlights>(new Map());

export function dispatch(action: WallAction): void {
  wall.value = wallReducer(wall.value, action);
}

/** Loads the saved layouts (opening the last used) and follows health events and alerts; returns the stop function. */
export function startWall(): () => void {
  const controller = new AbortController();
  wall.value = emptyWall();
  savedLayouts.value = null;
  cameraHealth.value = new Map();
  alertHighlights.value = new Map();
  void api.getLayouts(controller.signal).then(
    (document) => {
      if (controller.signal.aborted) return;
      savedLayouts.value = document;
      const layout = layoutToOpen(document);
      // The operator may have started arranging tiles before the answer came: keep their work.
      if (layout !== undefined && wall.value.tiles.every((id) => id === null)) wall.value = fromLayout(layout);
    },
    (error: unknown) => {
      if (controller.signal.aborted) return;
      savedLayouts.value = { ...EMPTY_LAYOUTS, layouts: [] };
      const apiError = toApiError(error);
      if (apiError.status !== 401) showError('wall', `Could not load saved layouts: ${apiError.message}`, apiError.code);
    },
  );
  // Cameras already offline or frozen when the wall opens; live messages keep the map current from here.
  for (const label of TILE_HEALTH_LABELS) {
    void api.listEvents({ label, from: new Date(), limit: 1000 }, controller.signal).then(
      (events) => {
        if (!controller.signal.aborted) cameraHealth.value = withOpenHealthEvents(cameraHealth.value, events);
      },
      () => undefined, // Without it tiles still show what the camera list and the player say.
    );
  }
  const offEvent = onLive('event', (event) => (cameraHealth.value = applyHealthEvent(cameraHealth.value, event)));
  const offAlert = onLive('alert', (alert) => (alertHighlights.value = applyAlert(alertHighlights.value, alert, Date.now())));
  return () => {
    controller.abort();
    offEvent();
    offAlert();
    clearError('wall');
  };
}

async function store(next: LayoutsDocument): Promise<void> {
  saving.value = true;
  try {
    savedLayouts.value = await api.saveLayouts(next);
    clearError('wall');
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.status !== 401) showError('wall', `Could not save the layout: ${apiError.message}`, apiError.code);
  } finally {
    saving.value = false;
  }
}

/** Saves the wall as shown under its name (replacing a layout of that name) and makes it the last used. */
export async function saveCurrentLayout(): Promise<void> {
  const document = savedLayouts.value ?? { ...EMPTY_LAYOUTS, layouts: [] };
  const next = withSavedLayout(document, toLayout(wall.value));
  if (next === undefined) {
    showError('wall', 'Too many saved layouts: delete one first');
    return;
  }
  wall.value = { ...wall.value, name: toLayout(wall.value).name };
  await store(next);
}

/** Opens a saved layout and remembers it as the last used. */
export async function openLayout(name: string): Promise<void> {
  const document = savedLayouts.value;
  const layout = document?.layouts.find((l) => l.name === name);
  if (document === null || document === undefined || layout === undefined) return;
  wall.value = fromLayout(layout);
  if (document.lastUsed !== name) await store({ ...document, lastUsed: name });
}

export async function deleteLayout(name: string): Promise<void> {
  const document = savedLayouts.value;
  if (document === null) return;
  await store(withoutLayout(document, name));
}
