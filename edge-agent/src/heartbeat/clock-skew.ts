/**
 * Clock skew from one request/response, NTP-style: the cloud read its clock
 * (`serverTime`) somewhere between our send (`sentAt`) and our receipt
 * (`receivedAt`); assuming the middle, skew = serverTime − (sent + received) / 2.
 * Positive: the edge clock is behind the cloud. The error is at most half
 * the round trip, reported with it. All values epoch ms.
 */
export interface SkewSample {
  readonly skewMs: number;
  readonly roundTripMs: number;
}

/** Above this, segment times and event times from this edge disagree visibly with the cloud's. */
export const SKEW_WARNING_MS = 2000; // used by the heartbeat client

export function estimateSkew(sentAt: number, receivedAt: number, serverTime: number): SkewSample {
  const roundTripMs = Math.max(0, receivedAt - sentAt);
  return { skewMs: Math.round(serverTime - (sentAt + receivedAt) / 2), roundTripMs };
}

/** Whether a skew is worth a warning: beyond the threshold by more than the measurement's own error. */
export function skewIsSignificant(sample: SkewSample, thresholdMs: number = SKEW_WARNING_MS): boolean {
  return Math.abs(sample.skewMs) - sample.roundTripMs / 2 > thresholdMs;
}
