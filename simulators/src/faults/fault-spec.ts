/** The faults a simulated camera can be put into (see docs/simulators.md, "Faults"). */
export const FAULT_KINDS = ['offline', 'drop-rtp', 'freeze', 'credentials', 'reboot', 'clock-skew', 'bitrate-spike'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * One fault and its parameters. `durationMs` (where allowed) clears the
 * fault by itself after that long; without it the fault holds until cleared.
 */
export type Fault =
  /** Stops answering: connections close, new requests are dropped unanswered. */
  | { readonly kind: 'offline'; readonly durationMs?: number }
  /** RTSP keeps answering, but no RTP or RTCP goes out: the classic stalled stream. */
  | { readonly kind: 'drop-rtp'; readonly durationMs?: number }
  /** Frames keep coming with valid, increasing timestamps, but always the same picture. */
  | { readonly kind: 'freeze'; readonly durationMs?: number }
  /** New credentials: running sessions continue, new requests need these. Clearing restores the configured ones. */
  | { readonly kind: 'credentials'; readonly username: string; readonly password: string }
  /** Offline for `durationMs`, then back by itself with fresh RTP state (a new encoder). */
  | { readonly kind: 'reboot'; readonly durationMs: number }
  /** The camera's clock runs `offsetMs` ahead (negative: behind); RTCP SR and ONVIF time use it. */
  | { readonly kind: 'clock-skew'; readonly offsetMs: number }
  /** Video frames padded with filler NAL units to `factor` times their size (still a valid stream). */
  | { readonly kind: 'bitrate-spike'; readonly factor: number; readonly durationMs?: number };

export const MAX_FAULT_DURATION_MS = 24 * 3_600_000; // used by parseFault: a day; longer is a mistake
export const MAX_BITRATE_FACTOR = 50; // used by parseFault: 50x a 720p stream is already ~100 Mbit/s per viewer
export const MAX_CLOCK_OFFSET_MS = 10 * 365 * 86_400_000; // used by parseFault: ten years either way

/** Bad fault input: `field` names what was wrong (the control API answers 400 with it). */
export class FaultInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'FaultInputError';
  }
}

export function isFaultKind(kind: string): kind is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(kind);
}

const FIELDS: Record<FaultKind, readonly string[]> = {
  offline: ['durationMs'],
  'drop-rtp': ['durationMs'],
  freeze: ['durationMs'],
  credentials: ['username', 'password'],
  reboot: ['durationMs'],
  'clock-skew': ['offsetMs'],
  'bitrate-spike': ['factor', 'durationMs'],
};

function integerField(body: Record<string, unknown>, field: string, min: number, max: number, required: boolean): number | undefined {
  const value = body[field];
  if (value === undefined) {
    if (required) throw new FaultInputError(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FaultInputError(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/**
 * Validates a fault from untrusted input (a JSON body, CLI text): the one
 * place that knows each kind's parameters. Unknown fields are refused so a
 * typo (`duration`) does not silently mean "forever".
 */
export function parseFault(kind: string, body: unknown): Fault {
  if (!isFaultKind(kind)) throw new FaultInputError('kind', `must be one of ${FAULT_KINDS.join(', ')}`);
  const input = body ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new FaultInputError('body', 'must be a JSON object');
  const record = input as Record<string, unknown>;
  for (const field of Object.keys(record)) {
    if (field !== 'kind' && !FIELDS[kind].includes(field)) throw new FaultInputError(field, `is not a parameter of ${kind} (allowed: ${FIELDS[kind].join(', ') || 'none'})`);
  }
  if (record.kind !== undefined && record.kind !== kind) throw new FaultInputError('kind', `must be ${kind} or absent`);
  const duration = (required: boolean) => integerField(record, 'durationMs', 1, MAX_FAULT_DURATION_MS, required);
  switch (kind) {
    case 'offline':
    case 'drop-rtp':
    case 'freeze': {
      const durationMs = duration(false);
      return durationMs === undefined ? { kind } : { kind, durationMs };
    }
    case 'reboot':
      return { kind, durationMs: duration(true)! };
    case 'credentials': {
      const { username, password } = record;
      if (typeof username !== 'string' || username.length === 0 || username.length > 128 || username.includes(':') || /[\r\n]/.test(username)) {
        throw new FaultInputError('username', "must be a non-empty string of at most 128 characters without ':' or line breaks");
      }
      if (typeof password !== 'string' || password.length > 128 || /[\r\n]/.test(password)) {
        throw new FaultInputError('password', 'must be a string of at most 128 characters without line breaks');
      }
      return { kind, username, password };
    }
    case 'clock-skew':
      return { kind, offsetMs: integerField(record, 'offsetMs', -MAX_CLOCK_OFFSET_MS, MAX_CLOCK_OFFSET_MS, true)! };
    case 'bitrate-spike': {
      const factor = record.factor;
      if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 1 || factor > MAX_BITRATE_FACTOR) {
        throw new FaultInputError('factor', `must be a number from 1 to ${MAX_BITRATE_FACTOR}`);
      }
      const durationMs = duration(false);
      return durationMs === undefined ? { kind, factor } : { kind, factor, durationMs };
    }
  }
}

/**
 * Parses the CLI form `<camera>:<kind>[:<name>=<value>,...]`, e.g.
 * `cam-2:drop-rtp`, `cam-1:bitrate-spike:factor=4,durationMs=10000`,
 * `cam-3:credentials:username=admin,password=new`. Numbers are numbers.
 */
export function parseFaultFlag(text: string): { cameraId: string; fault: Fault } {
  const [cameraId = '', kind = '', ...rest] = text.split(':');
  if (cameraId === '' || kind === '') throw new FaultInputError('fault', `expected <camera>:<kind>[:name=value,...], got ${JSON.stringify(text)}`);
  const params = rest.join(':');
  const body: Record<string, unknown> = {};
  if (params !== '') {
    for (const pair of params.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new FaultInputError('fault', `expected name=value, got ${JSON.stringify(pair)}`);
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      body[name] = /^-?\d+(\.\d+)?$/.test(value) && name !== 'username' && name !== 'password' ? Number(value) : value;
    }
  }
  return { cameraId, fault: parseFault(kind, body) };
}
