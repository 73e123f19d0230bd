import type { PlayerState, PlayerStateName } from '../player/create-player.js';
import { formatWallClock } from '../time-format.js';

/**
 * The line under the video: player state, mode, camera and the wall-clock
 * time of the frame on screen (from EXT-X-PROGRAM-DATE-TIME), which is what
 * an operator quotes in an incident report.
 */

const STATE_LABEL: Record<PlayerStateName, string> = {
  idle: 'Idle',
  loading: 'Loading',
  playing: 'Playing',
  buffering: 'Buffering',
  'no-recording': 'No recording',
  error: 'Error',
};

export interface PlayerSubject {
  cameraLabel: string;
  mode: 'live' | 'range';
}

export function PlayerStatus(props: { state: PlayerState; playingDate: Date | null; subject: PlayerSubject | null }) {
  const { state, playingDate, subject } = props;
  return (
    <div class="status">
      {/* Only the state is a live region: the clock ticks four times a second and would flood a screen reader. */}
      <span class="status__state" role="status">
        <span class="state-pill" data-testid="player-state" data-state={state.name}>
          {STATE_LABEL[state.name]}
        </span>
        <span class="status__detail">{state.message ?? ''}</span>
      </span>
      <span class="status__spacer" />
      {/* Camera, mode and frame time only mean something once a camera is chosen. */}
      <span class="status__subject" hidden={subject === null}>
        <span class="mode-badge" data-mode={subject?.mode}>
          {subject === null ? '' : subject.mode === 'live' ? 'Live' : 'Playback'}
        </span>
        <span class="status__camera">{subject?.cameraLabel ?? '—'}</span>
        <span class="status__label">Frame time</span>
        <time class="status__clock" data-testid="player-clock" dateTime={playingDate?.toISOString()}>
          {playingDate === null ? '--' : formatWallClock(playingDate)}
        </time>
      </span>
    </div>
  );
}
