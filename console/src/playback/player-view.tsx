import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { createPlayer, type Player, type PlayerState } from '../player/create-player.js';
import { api } from '../store/api.js';
import { clearError, showError } from '../store/banner.js';
import { cameraView } from '../store/camera-view.js';
import { cameras } from '../store/cameras.js';
import { playingDate } from '../store/playback-position.js';
import { formatViewState } from '../view-state.js';
import { PlayerStatus, type PlayerSubject } from './player-status.js';

/**
 * The video area. Owns the one player (player/create-player.ts) for as long
 * as the Cameras screen is open, and loads into it whatever the camera view
 * (the URL) says: live or a range.
 */
export function PlayerView() {
  const videoRef = useRef<HTMLVideoElement>(null);
  const playerRef = useRef<Player | null>(null);
  const state = useSignal<PlayerState>({ name: 'idle' });

  useEffect(() => {
    const video = videoRef.current;
    if (video === null) return;
    const player = createPlayer(video, {
      onState(next) {
        state.value = next;
        if (next.name === 'error') showError('player', next.message ?? 'Playback failed', next.code);
        else clearError('player');
      },
      onTime(time) {
        playingDate.value = time.playingDate;
      },
      explainFailure: (url) => api.explainPlaylistFailure(url),
    });
    playerRef.current = player;
    return () => {
      playerRef.current = null;
      player.destroy();
      playingDate.value = null;
      clearError('player');
    };
  }, []);

  const view = cameraView.value;
  // Dates are rebuilt on every URL read: compare views by their URL form.
  const viewKey = formatViewState(view);
  useEffect(() => {
    const player = playerRef.current;
    playingDate.value = null;
    if (player === null || view.kind === 'none') return;
    if (view.kind === 'live') player.load(api.livePlaylistUrl(view.cameraId), { live: true });
    else player.load(api.playbackPlaylistUrl(view.cameraId, view), { live: false });
  }, [viewKey]);

  let subject: PlayerSubject | null = null;
  if (view.kind !== 'none') {
    // The name may arrive after a view opened from a link, which showed only the id.
    const camera = cameras.value?.find((c) => c.id === view.cameraId);
    subject = { cameraLabel: camera === undefined ? view.cameraId : `${camera.name} · ${camera.id}`, mode: view.kind };
  }
  const current = state.value;
  const covering = current.name === 'no-recording' || current.name === 'error' || current.name === 'loading';
  const overlayText =
    current.name === 'no-recording' ? 'No recording in this range' : current.name === 'error' ? 'Playback error' : 'Loading…';

  return (
    <section class="player" aria-label="Player">
      <div class="player__stage">
        <video ref={videoRef} class="player__video" data-testid="player-video" aria-label="Camera video" controls />
        {/* Large text over the picture for states where there is no picture. */}
        <div class="player__overlay" aria-hidden="true" hidden={!covering || subject === null} data-state={current.name}>
          {overlayText}
        </div>
        <div class="player__placeholder" hidden={subject !== null}>
          <p class="player__placeholder-title">No camera selected</p>
          <p>Choose a camera on the left to watch it live.</p>
        </div>
      </div>
      <PlayerStatus state={current} playingDate={playingDate.value} subject={subject} />
    </section>
  );
}
