/**
 * Error codes raised by the console itself, for failures that never reached
 * the cloud (so there is no CLD_ERR_* code to show). Same shape and prefix
 * convention as the packages' catalogues: stable, area-prefixed.
 */
export const ConsoleErrorCode = {
  /** fetch rejected: offline, DNS, connection refused, or timed out. */
  NETWORK: 'CONSOLE_ERR_NETWORK',
  /** The cloud answered with an error status but not the documented error body. */
  HTTP: 'CONSOLE_ERR_HTTP',
  /** A 2xx body that does not have the documented shape. */
  BAD_RESPONSE: 'CONSOLE_ERR_BAD_RESPONSE',
  /** A range typed by the operator that cannot be requested (from ≥ to, too long). */
  BAD_RANGE: 'CONSOLE_ERR_BAD_RANGE',
  /** A field the operator must fill in was left blank (e.g. an evidence reason). */
  REQUIRED: 'CONSOLE_ERR_REQUIRED',
  /** The two copies of a new password typed into a form differ. */
  PASSWORD_MISMATCH: 'CONSOLE_ERR_PASSWORD_MISMATCH',
  /** The browser can neither run hls.js (no MSE) nor play HLS natively. */
  HLS_UNSUPPORTED: 'CONSOLE_ERR_HLS_UNSUPPORTED',
} as const;

export type ConsoleErrorCode = (typeof ConsoleErrorCode)[keyof typeof ConsoleErrorCode];
