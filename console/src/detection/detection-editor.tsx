import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { objectSettingsOf, type CameraSnapshotResponse, type DetectionResponse } from '@argus/contracts';
import { ModalDialog } from '../shared/modal-dialog.js';
import { FormError } from '../shared/form-error.js';
import { useResource } from '../shared/use-resource.js';
import { useSubmission } from '../shared/use-submission.js';
import { api } from '../store/api.js';
import { can } from '../store/session.js';
import { formatWallClock } from '../time-format.js';
import {
  addPoint, canClose, cancelDrawing, closeDrawing, draftFromSettings, emptyDraft, movePoint, removeShape, renameShape, select, setKind,
  startDrawing, toPatch, type Draft,
} from './detection-draft.js';
import { objectDraftFrom, toObjectSettings, type ObjectDraft } from './object-draft.js';
import { ObjectSettingsFields } from './object-settings-fields.js';
import { ShapeRow } from './shape-row.js';
import { SnapshotCanvas } from './snapshot-canvas.js';

/**
 * Zones and masks of one camera, drawn on a snapshot of it: take a
 * snapshot, click points to draw a polygon (double-click or *Close polygon*
 * ends it), drag the selected polygon's corners, name zones, turn polygons
 * into masks (areas the detector ignores), set sensitivity and switch
 * detection on or off, choose the objects to detect (on or off, labels,
 * minimum score); *Save* has the camera's agent apply the settings
 * (PUT /api/cameras/:id/detection). The cloud's refusals show with their code.
 */
export function DetectionEditor(props: { cameraId: string; cameraLabel: string; onClose(): void }) {
  const { cameraId } = props;
  const draft = useSignal<Draft>(emptyDraft());
  const enabled = useSignal(true);
  const sensitivity = useSignal(0.5);
  const objects = useSignal<ObjectDraft | null>(null);
  const applied = useSignal<DetectionResponse | null>(null);
  const snapshot = useSignal<CameraSnapshotResponse | null>(null);
  const problem = useSignal<{ text: string; shapeId?: number | undefined } | null>(null);
  const saved = useSignal(false);

  const settings = useResource((signal) => api.getDetection(cameraId, signal), [cameraId]);
  // The stored settings fill the editor once, when they arrive.
  const loaded = settings.data.value;
  useEffect(() => {
    if (loaded === undefined) return;
    draft.value = draftFromSettings(loaded.detection);
    enabled.value = loaded.detection.enabled;
    sensitivity.value = loaded.detection.sensitivity;
    // Settings saved before object detection existed have none: the defaults apply, and are shown.
    objects.value = objectDraftFrom(objectSettingsOf(loaded.detection));
    applied.value = loaded;
  }, [loaded]);

  const snapping = useSubmission(async () => {
    snapshot.value = await api.takeSnapshot(cameraId);
  });
  const mayTakeSnapshot = can('camera.control');
  useEffect(() => {
    if (mayTakeSnapshot) void snapping.submit();
  }, [cameraId]);

  const saving = useSubmission(async () => {
    saved.value = false;
    const result = toPatch(draft.value, { enabled: enabled.value, sensitivity: sensitivity.value });
    if (!result.ok) {
      problem.value = { text: result.problem, shapeId: result.shapeId };
      return;
    }
    const objectSettings = objects.value === null ? null : toObjectSettings(objects.value);
    if (objectSettings !== null && !objectSettings.ok) {
      problem.value = { text: objectSettings.problem };
      return;
    }
    problem.value = null;
    const answer = await api.saveDetection(cameraId, objectSettings === null ? result.patch : { ...result.patch, objects: objectSettings.settings });
    applied.value = answer;
    saved.value = true;
  });

  const change = (next: Draft): void => {
    draft.value = next;
    saved.value = false;
  };
  const d = draft.value;
  const drawing = d.drawing;
  const busy = saving.busy.value;
  const current = applied.value;

  return (
    <ModalDialog
      title={`Detection settings · ${props.cameraLabel}`}
      // Escape ends the drawing first, then the dialog; never while saving.
      onClose={() => (draft.value.drawing !== null ? change(cancelDrawing(draft.value)) : !busy && props.onClose())}
      testId="detection-editor"
      wide
    >
      <div class="dialog__body detection-editor">
        <div class="detection-editor__stage">
          <div class="detection-editor__toolbar" role="toolbar" aria-label="Drawing">
            {drawing === null ? (
              <>
                <button type="button" class="button button--small" data-testid="new-zone" onClick={() => change(startDrawing(d, 'zone'))}>
                  New zone
                </button>
                <button type="button" class="button button--small" data-testid="new-mask" onClick={() => change(startDrawing(d, 'mask'))}>
                  New mask
                </button>
              </>
            ) : (
              <>
                <span class="detection-editor__hint" data-testid="drawing-hint">
                  Drawing a {drawing.kind}: click to add points ({drawing.points.length}), double-click or close when done
                </span>
                <button type="button" class="button button--small button--primary" data-testid="close-polygon" disabled={!canClose(d)} onClick={() => change(closeDrawing(d))}>
                  Close polygon
                </button>
                <button type="button" class="button button--small" onClick={() => change(cancelDrawing(d))}>
                  Cancel
                </button>
              </>
            )}
            <span class="status__spacer" />
            {mayTakeSnapshot && (
              <button type="button" class="button button--small" data-testid="take-snapshot" disabled={snapping.busy.value} onClick={() => void snapping.submit()}>
                {snapping.busy.value ? 'Taking snapshot…' : snapshot.value === null ? 'Take snapshot' : 'New snapshot'}
              </button>
            )}
          </div>
          <SnapshotCanvas
            imageUrl={snapshot.value?.url ?? null}
            draft={d}
            onAddPoint={(x, y) => change(addPoint(d, x, y))}
            onClose={() => change(closeDrawing(draft.value))}
            onSelect={(id) => (draft.value = select(draft.value, id))}
            onMovePoint={(id, index, x, y) => change(movePoint(draft.value, id, index, x, y))}
          />
          <p class="detection-editor__caption">
            {snapshot.value === null
              ? snapping.busy.value
                ? 'Asking the camera for a picture…'
                : 'Polygons are kept in picture proportions: they fit any stream size.'
              : `Snapshot taken ${formatWallClock(new Date(snapshot.value.takenAt))}`}
          </p>
          <FormError error={snapping.error.value} testId="snapshot-error" />
        </div>
        <div class="detection-editor__side">
          <label class="checkbox">
            <input type="checkbox" data-testid="detection-enabled" checked={enabled.value} onChange={(e) => ((enabled.value = (e.currentTarget as HTMLInputElement).checked), (saved.value = false))} />
            Detect motion on this camera
          </label>
          <div class="field">
            <label for="detection-sensitivity">Sensitivity: {Math.round(sensitivity.value * 100)} %</label>
            <input
              id="detection-sensitivity"
              type="range"
              min={0}
              max={1}
              step={0.05}
              data-testid="detection-sensitivity"
              value={sensitivity.value}
              onInput={(e) => ((sensitivity.value = Number((e.currentTarget as HTMLInputElement).value)), (saved.value = false))}
            />
            <span class="field__hint">Low: only large, strong changes. High: small, faint ones too.</span>
          </div>
          {objects.value !== null && (
            <ObjectSettingsFields
              draft={objects.value}
              onChange={(next) => {
                objects.value = next;
                saved.value = false;
              }}
            />
          )}
          <h4 class="detection-editor__heading">Zones and masks</h4>
          {d.shapes.length === 0 ? (
            <p class="muted">None: motion anywhere in the picture raises an event. Draw a zone to name an area, a mask to ignore one.</p>
          ) : (
            <ul class="shape-list" data-testid="shape-list">
              {d.shapes.map((shape) => (
                <ShapeRow
                  key={shape.id}
                  draft={d}
                  shape={shape}
                  invalid={problem.value?.shapeId === shape.id}
                  onSelect={() => (draft.value = select(draft.value, shape.id))}
                  onRename={(name) => change(renameShape(draft.value, shape.id, name))}
                  onKind={(kind) => change(setKind(draft.value, shape.id, kind))}
                  onRemove={() => change(removeShape(draft.value, shape.id))}
                />
              ))}
            </ul>
          )}
          <p class="detection-editor__applied" data-testid="detection-applied">
            {current === null
              ? settings.loading.value
                ? 'Loading the camera\'s settings…'
                : ''
              : current.appliedAt === null
                ? 'Not saved yet: the camera detects with the defaults.'
                : `${saved.value ? 'Saved. ' : ''}Applied by the agent ${formatWallClock(new Date(current.appliedAt))}${current.stream === null ? '' : `, detecting on the ${current.stream} stream`}.`}
          </p>
          {problem.value !== null && (
            <p class="form-error" role="alert" data-testid="detection-problem">
              {problem.value.text}
            </p>
          )}
          <FormError error={settings.error.value ?? saving.error.value} testId="detection-error" />
          <div class="dialog__actions">
            <button type="button" class="button" onClick={props.onClose} disabled={busy}>
              Close
            </button>
            <button type="button" class="button button--primary" data-testid="save-detection" disabled={busy || loaded === undefined} onClick={() => void saving.submit()}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          </div>
        </div>
      </div>
    </ModalDialog>
  );
}
