import { signal } from '@preact/signals';

/**
 * Messages of the one error banner. Each source (camera list, player, range
 * input, a link) sets or clears its own message, so a camera-list recovery
 * does not hide a player failure, and vice versa. The newest message shows.
 */

export interface BannerMessage {
  readonly source: string;
  readonly text: string;
}

export const bannerMessages = signal<readonly BannerMessage[]>([]);

/** Sets `source`'s message, with the stable code in brackets when there is one. */
export function showError(source: string, message: string, code?: string): void {
  const text = code === undefined ? message : `${message} (${code})`;
  bannerMessages.value = [...bannerMessages.value.filter((m) => m.source !== source), { source, text }];
}

export function clearError(source: string): void {
  const kept = bannerMessages.value.filter((m) => m.source !== source);
  if (kept.length !== bannerMessages.value.length) bannerMessages.value = kept;
}

export function clearAllErrors(): void {
  if (bannerMessages.value.length > 0) bannerMessages.value = [];
}
