import { signal } from '@preact/signals';
import { createLiveChannel, type LiveStatus } from '../live/live-channel.js';
import type { LiveMessageName, LiveMessages } from '../live/live-messages.js';
import { api } from './api.js';

/**
 * The app's one live channel (live/live-channel.ts) on GET /api/stream,
 * open while someone is signed in (the shell starts and stops it). Screens
 * subscribe to its messages; the status is a signal for the views that show
 * it. When the browser gives up on the stream, the session is checked: a
 * 401 there takes the app to the login page (store/api.ts), which stops the
 * channel.
 */

export const liveStatus = signal<LiveStatus>('idle');

const channel = createLiveChannel({
  url: (lastEventId) => api.streamUrl(lastEventId),
  createSource: (url) => new EventSource(url),
  onClosed() {
    void api.me().catch(() => undefined); // Only its 401 matters, and the client reports that itself.
  },
});
channel.onStatus((status) => (liveStatus.value = status));

/** Opens the stream; returns the function that closes it. */
export function startLive(): () => void {
  channel.start();
  return () => channel.stop();
}

/** Calls `handler` with every `name` message (`alert`, `event`, `resync`); returns the unsubscribe function. */
export function onLive<K extends LiveMessageName>(name: K, handler: (data: LiveMessages[K]) => void): () => void {
  return channel.subscribe(name, handler);
}

/**
 * Calls `reload` whenever a list built from the API may have missed messages:
 * the stream opened with nothing to resume from, or it asked for a resync.
 */
export function onLiveGap(reload: () => void): () => void {
  const offConnected = channel.onConnected((resumed) => {
    if (!resumed) reload();
  });
  const offResync = channel.subscribe('resync', () => reload());
  return () => {
    offConnected();
    offResync();
  };
}
