import { signal } from '@preact/signals';

/**
 * Wall-clock time of the frame the player shows (EXT-X-PROGRAM-DATE-TIME),
 * or null while nothing plays. The player view writes it as playback
 * advances (~4 Hz); the timeline draws its playhead from it.
 */
export const playingDate = signal<Date | null>(null);
