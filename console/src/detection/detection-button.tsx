import { useSignal } from '@preact/signals';
import { can } from '../store/session.js';
import { DetectionEditor } from './detection-editor.js';

/** *Detection settings* (zones, masks, objects) for the camera on screen: only for roles that may configure cameras (camera.configure). */
export function DetectionButton(props: { cameraId: string; cameraLabel: string }) {
  const open = useSignal(false);
  if (!can('camera.configure')) return null;
  return (
    <>
      <button type="button" class="button" data-testid="open-detection-editor" onClick={() => (open.value = true)}>
        Detection settings
      </button>
      {open.value && <DetectionEditor cameraId={props.cameraId} cameraLabel={props.cameraLabel} onClose={() => (open.value = false)} />}
    </>
  );
}
