import { liveStatus } from '../store/live.js';

const WORDING = {
  idle: { text: 'Not live', title: 'The live stream is closed' },
  connecting: { text: 'Connecting…', title: 'Opening the live stream' },
  open: { text: 'Live', title: 'New alerts and changes appear as they happen' },
  reconnecting: { text: 'Reconnecting…', title: 'The live stream dropped; nothing is lost, it resumes where it stopped' },
} as const;

/** Whether the inbox is live: the live channel's status in a word. */
export function LiveIndicator() {
  const status = liveStatus.value;
  const wording = WORDING[status];
  return (
    <span class={`live-indicator live-indicator--${status}`} data-testid="live-status" data-status={status} title={wording.title} role="status">
      {wording.text}
    </span>
  );
}
