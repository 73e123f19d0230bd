import type { PlaybackTime, PlayerState, PlayerStateName } from '../player/create-player.js';
import { formatWallClock } from '../time-format.js';
import { h } from './dom.js';

/**
 * The video area and its status line: player state, mode, camera and the
 * wall-clock time of the frame on screen (from EXT-X-PROGRAM-DATE-TIME),
 * which is what an operator quotes in an incident report.
 */

export interface PlayerView {
  readonly element: HTMLElement;
  readonly video: HTMLVideoElement;
  showState(state: PlayerState): void;
  showTime(time: PlaybackTime): void;
  /** The camera and mode being shown; null camera shows the placeholder. */
  showSubject(subject: { cameraLabel: string; mode: 'live' | 'range' } | null): void;
}

const STATE_LABEL: Record<PlayerStateName, string> = {
  idle: 'Idle',
  loading: 'Loading',
  playing: 'Playing',
  buffering: 'Buffering',
  'no-recording': 'No recording',
  error: 'Error',
};

export function createPlayerView(): PlayerView {
  const video = h('video', { className: 'player__video', attrs: { 'data-testid': 'player-video', 'aria-label': 'Camera video' } });
  video.controls = true;
  const placeholder = h('div', { className: 'player__placeholder' }, [
    h('p', { className: 'player__placeholder-title', text: 'No camera selected' }),
    h('p', { text: 'Choose a camera on the left to watch it live.' }),
  ]);
  const overlay = h('div', { className: 'player__overlay', attrs: { 'aria-hidden': 'true' } });
  overlay.hidden = true;

  const statePill = h('span', {
    className: 'state-pill',
    text: STATE_LABEL.idle,
    attrs: { 'data-testid': 'player-state', 'data-state': 'idle' },
  });
  const stateDetail = h('span', { className: 'status__detail' });
  const mode = h('span', { className: 'mode-badge' });
  const camera = h('span', { className: 'status__camera', text: '—' });
  const clock = h('time', { className: 'status__clock', text: '--', attrs: { 'data-testid': 'player-clock' } });

  // Camera, mode and frame time only mean something once a camera is chosen.
  const subjectInfo = h('span', { className: 'status__subject' }, [
    mode,
    camera,
    h('span', { className: 'status__label', text: 'Frame time' }),
    clock,
  ]);
  subjectInfo.hidden = true;
  // Only the state is a live region: the clock ticks four times a second
  // and would flood a screen reader.
  const status = h('div', { className: 'status' }, [
    h('span', { className: 'status__state', attrs: { role: 'status' } }, [statePill, stateDetail]),
    h('span', { className: 'status__spacer' }),
    subjectInfo,
  ]);
  const element = h('section', { className: 'player', attrs: { 'aria-label': 'Player' } }, [
    h('div', { className: 'player__stage' }, [video, overlay, placeholder]),
    status,
  ]);

  return {
    element,
    video,
    showState(state) {
      statePill.textContent = STATE_LABEL[state.name];
      statePill.dataset['state'] = state.name;
      stateDetail.textContent = state.message ?? '';
      // Large text over the picture for states where there is no picture.
      const covering = state.name === 'no-recording' || state.name === 'error' || state.name === 'loading';
      overlay.hidden = !covering;
      overlay.dataset['state'] = state.name;
      overlay.textContent =
        state.name === 'no-recording' ? 'No recording in this range' : state.name === 'error' ? 'Playback error' : 'Loading…';
    },
    showTime(time) {
      if (time.playingDate === null) {
        clock.textContent = '--';
        clock.removeAttribute('datetime');
        return;
      }
      clock.textContent = formatWallClock(time.playingDate);
      clock.dateTime = time.playingDate.toISOString();
    },
    showSubject(subject) {
      placeholder.hidden = subject !== null;
      subjectInfo.hidden = subject === null;
      camera.textContent = subject?.cameraLabel ?? '—';
      if (subject !== null) {
        mode.textContent = subject.mode === 'live' ? 'Live' : 'Playback';
        mode.dataset['mode'] = subject.mode;
      }
      clock.textContent = '--';
    },
  };
}
