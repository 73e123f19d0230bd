import './styles.css';
import type { CameraSummary } from '@argus/contracts';
import { ApiRequestError, createApiClient } from './api/api-client.js';
import { ConsoleErrorCode } from './errors.js';
import { createPlayer } from './player/create-player.js';
import { formatWallClock } from './time-format.js';
import { createCameraList } from './ui/camera-list.js';
import { h } from './ui/dom.js';
import { createErrorBanner } from './ui/error-banner.js';
import { createPlaybackControls } from './ui/playback-controls.js';
import { createPlayerView } from './ui/player-view.js';
import { formatViewState, parseViewState, type ViewState } from './view-state.js';

/**
 * Composition root: builds the client, player and views, and owns the one
 * piece of page state (which camera, live or which range), mirrored in the URL.
 */

/** Camera list poll period (ms): fast enough for the 30 s staleness badge to be meaningful. */
const CAMERA_REFRESH_MS = 10_000;

const api = createApiClient();
const banner = createErrorBanner();
const playerView = createPlayerView();
const cameras = new Map<string, CameraSummary>();
let view: ViewState = { kind: 'none' };

const player = createPlayer(playerView.video, {
  onState(state) {
    playerView.showState(state);
    if (state.name === 'error') banner.show('player', state.message ?? 'Playback failed', state.code);
    else banner.clear('player');
  },
  onTime: (time) => playerView.showTime(time),
});

const cameraList = createCameraList((camera) => show({ kind: 'live', cameraId: camera.id }));

const controls = createPlaybackControls({
  onLive() {
    if (view.kind !== 'none') show({ kind: 'live', cameraId: view.cameraId });
  },
  onRange(range) {
    if (view.kind !== 'none') show({ kind: 'range', cameraId: view.cameraId, ...range });
  },
  onInvalidRange(code, message) {
    banner.show('range', message, code);
  },
});

function cameraLabel(cameraId: string): string {
  const camera = cameras.get(cameraId);
  return camera === undefined ? cameraId : `${camera.name} · ${camera.id}`;
}

/** Switches the page to a view: URL, list selection, controls, then the player. */
function show(next: ViewState): void {
  view = next;
  banner.clear('range');
  const url = `${location.pathname}${formatViewState(next)}${location.hash}`;
  history.replaceState(null, '', url);

  cameraList.select(next.kind === 'none' ? null : next.cameraId);
  controls.setCameraSelected(next.kind !== 'none');
  controls.setMode(next.kind);
  if (next.kind === 'none') {
    playerView.showSubject(null);
    return;
  }
  playerView.showSubject({ cameraLabel: cameraLabel(next.cameraId), mode: next.kind });
  if (next.kind === 'live') {
    player.load(api.livePlaylistUrl(next.cameraId), { live: true });
  } else {
    controls.setRange(next);
    player.load(api.playbackPlaylistUrl(next.cameraId, next), { live: false });
  }
}

async function refreshCameras(): Promise<void> {
  try {
    const list = await api.listCameras();
    cameras.clear();
    for (const camera of list) cameras.set(camera.id, camera);
    cameraList.render(list, Date.now());
    banner.clear('cameras');
    // The name may have arrived after a view opened from a link showed only the id.
    if (view.kind !== 'none') playerView.showSubject({ cameraLabel: cameraLabel(view.cameraId), mode: view.kind });
  } catch (error) {
    const apiError =
      error instanceof ApiRequestError
        ? error
        : new ApiRequestError({ status: 0, code: ConsoleErrorCode.NETWORK, message: String(error) }, { cause: error });
    banner.show('cameras', `Could not load cameras: ${apiError.message}`, apiError.code);
    if (cameras.size === 0) cameraList.setNote('Camera list unavailable');
  }
}

/** Polls with setTimeout, not setInterval, so a slow cloud never gets overlapping requests. */
function pollCameras(): void {
  void refreshCameras().finally(() => setTimeout(pollCameras, CAMERA_REFRESH_MS));
}

function mount(root: HTMLElement): void {
  const headerClock = h('time', { className: 'app-header__clock' });
  const tickHeaderClock = (): void => {
    const now = new Date();
    headerClock.textContent = formatWallClock(now);
    headerClock.dateTime = now.toISOString();
  };
  tickHeaderClock();
  setInterval(tickHeaderClock, 1000);

  root.append(
    h('header', { className: 'app-header' }, [
      h('div', { className: 'brand' }, [
        h('span', { className: 'brand__mark', attrs: { 'aria-hidden': 'true' } }),
        h('h1', { className: 'brand__name', text: 'Argus' }),
        h('span', { className: 'brand__product', text: 'Operator console' }),
      ]),
      headerClock,
    ]),
    banner.element,
    h('main', { className: 'layout' }, [
      cameraList.element,
      h('div', { className: 'viewer' }, [playerView.element, controls.element]),
    ]),
  );
}

const root = document.querySelector<HTMLElement>('#app');
if (root === null) throw new Error('index.html has no #app element');
mount(root);

const initial = parseViewState(location.search);
show(initial.state);
if (initial.warning !== undefined) banner.show('link', initial.warning);
pollCameras();
