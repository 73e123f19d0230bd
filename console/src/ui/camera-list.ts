import type { CameraSummary } from '@argus/contracts';
import { formatAge, formatRecentTime, formatWallClock } from '../time-format.js';
import { h } from './dom.js';
import { recordingStatus, type RecordingStatus } from './recording-status.js';

/**
 * The left-hand camera list. Rows are keyed by camera id and updated in
 * place on each refresh, so keyboard focus and scroll position survive the
 * 10 s poll.
 */

export interface CameraListView {
  readonly element: HTMLElement;
  /** Replaces the list's contents; `nowMs` is the clock used for staleness. */
  render(cameras: readonly CameraSummary[], nowMs: number): void;
  /** Marks the camera being watched (aria-current), or none. */
  select(cameraId: string | null): void;
  /** Shows a loading or failure note in place of an empty list. */
  setNote(note: string | null): void;
}

const STATUS_LABEL: Record<RecordingStatus, string> = {
  recording: 'Recording',
  stale: 'Stale',
  never: 'No recordings',
};

interface Row {
  item: HTMLLIElement;
  button: HTMLButtonElement;
  name: HTMLElement;
  id: HTMLElement;
  badge: HTMLElement;
  last: HTMLElement;
}

export function createCameraList(onSelect: (camera: CameraSummary) => void): CameraListView {
  const list = h('ul', { className: 'camera-list', attrs: { 'data-testid': 'camera-list', 'aria-label': 'Cameras' } });
  const note = h('p', { className: 'camera-list__note', text: 'Loading cameras…', attrs: { role: 'status' } });
  const count = h('span', { className: 'panel__count', attrs: { 'aria-live': 'polite' } });
  const element = h('nav', { className: 'panel camera-panel', attrs: { 'aria-labelledby': 'camera-heading' } }, [
    h('div', { className: 'panel__header' }, [
      h('h2', { className: 'panel__title', text: 'Cameras', attrs: { id: 'camera-heading' } }),
      count,
    ]),
    note,
    list,
  ]);

  const rows = new Map<string, Row>();
  const byId = new Map<string, CameraSummary>();
  let selected: string | null = null;

  function createRow(cameraId: string): Row {
    const name = h('span', { className: 'camera-item__name' });
    const id = h('span', { className: 'camera-item__id' });
    const badge = h('span', { className: 'badge' });
    const last = h('span', { className: 'camera-item__last' });
    const button = h('button', { className: 'camera-item__button', attrs: { type: 'button' } }, [
      h('span', { className: 'camera-item__top' }, [name, badge]),
      id,
      last,
    ]);
    button.addEventListener('click', () => {
      const camera = byId.get(cameraId);
      if (camera !== undefined) onSelect(camera);
    });
    const item = h('li', { className: 'camera-item', attrs: { 'data-testid': 'camera-item', 'data-camera-id': cameraId } }, [
      button,
    ]);
    return { item, button, name, id, badge, last };
  }

  function updateRow(row: Row, camera: CameraSummary, nowMs: number): void {
    const status = recordingStatus(camera.lastSegmentAt, nowMs);
    row.name.textContent = camera.name;
    row.name.title = camera.name; // the name is ellipsised in a narrow list
    row.id.textContent = camera.id;
    row.badge.textContent = STATUS_LABEL[status];
    row.badge.className = `badge badge--${status}`;
    row.item.dataset['status'] = status;
    if (camera.lastSegmentAt === null) {
      row.last.textContent = 'Nothing recorded yet';
      row.last.removeAttribute('title');
    } else {
      const last = new Date(camera.lastSegmentAt);
      row.last.textContent = `Last segment ${formatRecentTime(last, new Date(nowMs))} · ${formatAge(nowMs - last.getTime())}`;
      row.last.title = formatWallClock(last);
    }
    row.button.setAttribute(
      'aria-label',
      `${camera.name} (${camera.id}), ${STATUS_LABEL[status].toLowerCase()}. Watch live`,
    );
  }

  function applySelection(): void {
    for (const [cameraId, row] of rows) {
      if (cameraId === selected) row.button.setAttribute('aria-current', 'true');
      else row.button.removeAttribute('aria-current');
    }
  }

  return {
    element,
    render(cameras, nowMs) {
      byId.clear();
      for (const camera of cameras) byId.set(camera.id, camera);
      for (const [cameraId, row] of rows) {
        if (!byId.has(cameraId)) {
          row.item.remove();
          rows.delete(cameraId);
        }
      }
      cameras.forEach((camera, index) => {
        let row = rows.get(camera.id);
        if (row === undefined) {
          row = createRow(camera.id);
          rows.set(camera.id, row);
        }
        updateRow(row, camera, nowMs);
        // Move only rows that are out of the API's order: moving a node blurs
        // it, and the operator may be tabbing through the list.
        const current = list.children.item(index);
        if (current !== row.item) list.insertBefore(row.item, current);
      });
      count.textContent = String(cameras.length);
      this.setNote(cameras.length === 0 ? 'No cameras yet. Enrol an edge agent to add some.' : null);
      applySelection();
    },
    select(cameraId) {
      selected = cameraId;
      applySelection();
    },
    setNote(text) {
      note.textContent = text ?? '';
      note.hidden = text === null;
    },
  };
}
