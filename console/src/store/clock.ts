import { signal } from '@preact/signals';

/**
 * Wall-clock time for views that show it or ages derived from it (header
 * clock, "12 s ago"). One timer for the whole app, ticking each second.
 */

/** How often (ms) the clock signal advances; the displays have 1 s resolution. */
const TICK_MS = 1_000;

export const now = signal(new Date());

setInterval(() => {
  now.value = new Date();
}, TICK_MS);
