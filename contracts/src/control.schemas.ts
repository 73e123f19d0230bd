import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Slug, StreamName } from './common.schemas.js';
import { DetectionSettings } from './detection.schemas.js';
import { EdgeErrorCode } from './errors.js';

/**
 * The control channel between the cloud and an edge agent
 * (`GET /api/agents/control`, WebSocket, JSON text frames) and the admin
 * route that sends commands through it (`POST /api/agents/:id/commands`).
 * Every command has an argument schema and a result schema here; the cloud
 * checks arguments before sending, the edge checks them again on receipt
 * (a cloud of another version may send anything).
 */
export const COMMAND_TYPES = ['snapshot', 'discover', 'probe-camera', 'add-camera', 'update-camera', 'configure-detection', 'ptz', 'live-start', 'live-stop'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** Longest discovery an agent runs: its ack must come within the cloud's wait (15 s by default). */
export const MAX_DISCOVERY_MS = 10_000;
/** Largest preview JPEG a probe-camera ack carries inline (base64 grows it by a third; the control channel's frames stop at 1 MiB). */
export const MAX_PREVIEW_BYTES = 512 * 1024;

const NonEmpty = Type.String({ minLength: 1, maxLength: 2048 });
const Velocity = Type.Number({ minimum: -1, maximum: 1 });

export const SnapshotArgs = Type.Object({ cameraId: Slug });
export type SnapshotArgs = Static<typeof SnapshotArgs>;
export const SnapshotResult = Type.Object({ key: Type.String(), bytes: Type.Integer(), sha256: Type.String(), contentType: Type.Literal('image/jpeg') });
export type SnapshotResult = Static<typeof SnapshotResult>;

export const DiscoverArgs = Type.Object({
  /** How long to collect answers (ms); clamped to 100..MAX_DISCOVERY_MS. */
  timeoutMs: Type.Optional(Type.Number()),
  /** Probe these hosts by unicast instead of the multicast group. */
  targets: Type.Optional(Type.Array(Type.Object({ host: NonEmpty, port: Type.Integer({ minimum: 1, maximum: 65_535 }) }), { maxItems: 256 })),
});
export type DiscoverArgs = Static<typeof DiscoverArgs>;
export const DiscoveredDevice = Type.Object({
  /** Endpoint reference (`urn:uuid:…`), stable per device. */
  urn: Type.String(),
  /** Device service URLs. */
  xaddrs: Type.Array(Type.String()),
  scopes: Type.Array(Type.String()),
  name: Type.Optional(Type.String()),
  hardware: Type.Optional(Type.String()),
});
export type DiscoveredDevice = Static<typeof DiscoveredDevice>;
export const DiscoverResult = Type.Object({ devices: Type.Array(DiscoveredDevice) });
export type DiscoverResult = Static<typeof DiscoverResult>;

/**
 * probe-camera: what the console's wizard shows before adding a camera,
 * nothing stored. With `onvif` (the device service URL) the agent connects
 * with the credentials (EDGE_ERR_ONVIF_AUTH when the camera refuses them) and
 * lists the media profiles and the streams add-camera would choose; with
 * `main` (an rtsp:// URL) there are no profiles. `preview` asks for one JPEG
 * from the detect stream (sub, else main), inline.
 */
export const ProbeCameraArgs = Type.Object({
  onvif: Type.Optional(NonEmpty),
  main: Type.Optional(NonEmpty),
  sub: Type.Optional(NonEmpty),
  username: Type.Optional(NonEmpty),
  password: Type.Optional(Type.String({ maxLength: 512 })),
  preview: Type.Optional(Type.Boolean()),
});
export type ProbeCameraArgs = Static<typeof ProbeCameraArgs>;
export const ProbedProfile = Type.Object({
  token: Type.String(),
  name: Type.String(),
  /** Pixels; 0 when the profile has no video encoder. */
  width: Type.Integer(),
  height: Type.Integer(),
  /** Video encoding as the camera names it (`H264`, `H265`, `JPEG`). */
  encoding: Type.Optional(Type.String()),
});
export type ProbedProfile = Static<typeof ProbedProfile>;
export const ProbeCameraResult = Type.Object({
  /** The camera's media profiles, in its own order; empty for plain RTSP. */
  profiles: Type.Array(ProbedProfile),
  /** Profile tokens add-camera would record (`main`, highest resolution) and detect on (`sub`, lowest); absent for plain RTSP. */
  record: Type.Optional(Type.String()),
  detect: Type.Optional(Type.String()),
  /** The camera has a PTZ service. */
  ptz: Type.Boolean(),
  /** Stream URLs found, without credentials. */
  main: Type.String(),
  sub: Type.Optional(Type.String()),
  preview: Type.Optional(Type.Object({ contentType: Type.Literal('image/jpeg'), base64: Type.String(), bytes: Type.Integer() })),
});
export type ProbeCameraResult = Static<typeof ProbeCameraResult>;

/**
 * add-camera / update-camera: `onvif` is the device service URL (with
 * `username` / `password` beside it, as the console's wizard sends them) or
 * `{ url, username?, password? }`; otherwise `main` (and `sub`) RTSP URLs.
 * A password may be empty (some cameras ship with one).
 */
export const CameraArgs = Type.Object({
  id: Slug,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  onvif: Type.Optional(Type.Union([NonEmpty, Type.Object({ url: NonEmpty, username: Type.Optional(NonEmpty), password: Type.Optional(Type.String({ maxLength: 512 })) })])),
  username: Type.Optional(NonEmpty),
  password: Type.Optional(Type.String({ maxLength: 512 })),
  main: Type.Optional(NonEmpty),
  sub: Type.Optional(NonEmpty),
});
export type CameraArgs = Static<typeof CameraArgs>;
const ChosenStream = Type.Object({ profile: Type.String(), width: Type.Integer(), height: Type.Integer() });
/** A camera as an add/update shows it: URLs without credentials. */
export const PublicCamera = Type.Object({
  id: Slug,
  name: Type.String(),
  main: Type.String(),
  sub: Type.Optional(Type.String()),
  snapshotUri: Type.Optional(Type.String()),
  onvif: Type.Optional(Type.String()),
  streams: Type.Optional(Type.Object({ main: ChosenStream, sub: Type.Optional(ChosenStream) })),
});
export type PublicCamera = Static<typeof PublicCamera>;
export const CameraResult = Type.Object({ camera: PublicCamera });
export type CameraResult = Static<typeof CameraResult>;

/** The camera's motion detection settings, applied at once and kept in the agent's camera list. */
export const ConfigureDetectionArgs = Type.Object({ cameraId: Slug, detection: DetectionSettings });
export type ConfigureDetectionArgs = Static<typeof ConfigureDetectionArgs>;
export const ConfigureDetectionResult = Type.Object({ cameraId: Slug, stream: Type.Union([Type.Literal('sub'), Type.Literal('main')]) });
export type ConfigureDetectionResult = Static<typeof ConfigureDetectionResult>;

/**
 * ptz: `move` (continuous, velocities -1..1) until `stop` or `timeoutMs`;
 * `presets` lists the camera's presets; `goto-preset` moves to `preset` (a
 * token from the list).
 */
export const PtzArgs = Type.Object({
  cameraId: Slug,
  action: Type.Optional(Type.Union([Type.Literal('move'), Type.Literal('stop'), Type.Literal('presets'), Type.Literal('goto-preset')])),
  /** Preset token, for goto-preset. */
  preset: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  x: Type.Optional(Velocity),
  y: Type.Optional(Velocity),
  zoom: Type.Optional(Velocity),
  /** A move stops by itself after this long (ms). */
  timeoutMs: Type.Optional(Type.Number({ minimum: 100, maximum: 60_000 })),
});
export type PtzArgs = Static<typeof PtzArgs>;
const PtzVector = Type.Object({ x: Type.Number(), y: Type.Number(), zoom: Type.Number() });
export const PtzPreset = Type.Object({ token: Type.String(), name: Type.String() });
export type PtzPreset = Static<typeof PtzPreset>;
export const PtzResult = Type.Union([
  Type.Object({ moving: PtzVector }),
  Type.Object({ stopped: Type.Literal(true), position: Type.Optional(PtzVector) }),
  Type.Object({ presets: Type.Array(PtzPreset) }),
  Type.Object({ preset: Type.String() }),
]);
export type PtzResult = Static<typeof PtzResult>;

/** `stream` absent means main (what agents before the stream choice push). */
/**
 * Which cloud relay a push feeds (the cloud replica's id): an agent keeps one
 * push per camera stream and relay, so viewers on two replicas each get their
 * own; a later live-start from the same relay with a new URL replaces its
 * push, and live-stop with a relay ends only that relay's. Without it (older
 * clouds), one push per camera stream.
 */
const LiveRelayId = Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' });
export const LiveStartArgs = Type.Object({ cameraId: Slug, url: Type.String({ pattern: '^rtmps?://', maxLength: 2048 }), stream: Type.Optional(StreamName), relay: Type.Optional(LiveRelayId) });
export type LiveStartArgs = Static<typeof LiveStartArgs>;
export const LiveStartResult = Type.Object({ cameraId: Slug, pushing: Type.Literal(true) });
export const LiveStopArgs = Type.Object({ cameraId: Slug, stream: Type.Optional(StreamName), relay: Type.Optional(LiveRelayId) });
export type LiveStopArgs = Static<typeof LiveStopArgs>;
export const LiveStopResult = Type.Object({ cameraId: Slug, stopped: Type.Boolean() });

/** Arguments and result of each command. */
export const COMMANDS = {
  snapshot: { args: SnapshotArgs, result: SnapshotResult },
  discover: { args: DiscoverArgs, result: DiscoverResult },
  'probe-camera': { args: ProbeCameraArgs, result: ProbeCameraResult },
  'add-camera': { args: CameraArgs, result: CameraResult },
  'update-camera': { args: CameraArgs, result: CameraResult },
  'configure-detection': { args: ConfigureDetectionArgs, result: ConfigureDetectionResult },
  ptz: { args: PtzArgs, result: PtzResult },
  'live-start': { args: LiveStartArgs, result: LiveStartResult },
  'live-stop': { args: LiveStopArgs, result: LiveStopResult },
} as const satisfies Record<CommandType, { args: TSchema; result: TSchema }>;

export type CommandArgs<C extends CommandType> = Static<(typeof COMMANDS)[C]['args']>;
export type CommandResult<C extends CommandType> = Static<(typeof COMMANDS)[C]['result']>;

// Compiled on first use: the console imports this module for its types and never checks arguments.
const argCheckers = new Map<CommandType, ReturnType<typeof Compile>>();

/** The first problem with a command's arguments, as `args.<path> <message>`; undefined when they are valid. */
export function commandArgsProblem(command: CommandType, args: unknown): string | undefined {
  let checker = argCheckers.get(command);
  if (!checker) argCheckers.set(command, (checker = Compile(COMMANDS[command].args)));
  if (checker.Check(args)) return undefined;
  const [first] = checker.Errors(args);
  if (!first) return 'args are invalid';
  const path = first.instancePath.split('/').filter(Boolean).join('.');
  const missing = (first.params as { requiredProperties?: string[] } | undefined)?.requiredProperties?.[0];
  const where = ['args', path, missing].filter(Boolean).join('.');
  return `${where} ${first.message}`;
}

/** Body of `POST /api/agents/:id/commands`; `args` are checked against the command's schema. */
export const CommandBody = Type.Object(
  {
    type: Type.Unsafe<CommandType>(Type.String({ enum: [...COMMAND_TYPES] })),
    args: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** Bounded by ARGUS_COMMAND_TIMEOUT_SECONDS. */
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
  },
  { additionalProperties: false },
);
export type CommandBody = Static<typeof CommandBody>;

export const CommandError = Type.Object({ code: Type.String({ description: 'EDGE_ERR_* (contracts/src/errors.ts)' }), message: Type.String() });

export const CommandResponse = Type.Object({
  id: Type.String(),
  ok: Type.Boolean(),
  result: Type.Optional(Type.Unknown({ description: "the command's result schema (contracts/src/control.schemas.ts)" })),
  error: Type.Optional(CommandError),
});
export type CommandResponse = Static<typeof CommandResponse>;

/** cloud → edge, once on connect. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly agentId: string;
  /** Cloud clock, epoch ms. */
  readonly serverTime: number;
}

/** cloud → edge. */
export interface CommandMessage {
  readonly type: 'command';
  readonly id: string;
  readonly command: CommandType;
  readonly args: Readonly<Record<string, unknown>>;
}

/** edge → cloud, one per command. */
export interface AckMessage {
  readonly type: 'ack';
  readonly id: string;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

export type CloudToEdge = HelloMessage | CommandMessage;

function parseObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // garbage from a broken peer: dropped, the other side times out
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Parses an edge frame in the cloud; undefined for anything that is not a well-formed ack. */
export function parseAck(text: string): AckMessage | undefined {
  const m = parseObject(text);
  if (!m || m.type !== 'ack' || typeof m.id !== 'string' || typeof m.ok !== 'boolean') return undefined;
  const error = m.error as Record<string, unknown> | undefined;
  return {
    type: 'ack',
    id: m.id,
    ok: m.ok,
    ...(m.result === undefined ? {} : { result: m.result }),
    ...(error && typeof error === 'object' ? { error: { code: String(error.code ?? EdgeErrorCode.commandFailed), message: String(error.message ?? '') } } : {}),
  };
}

/**
 * Parses a cloud frame on the edge; undefined for anything else (dropped).
 * The command name is kept as sent: the edge answers an unknown one with
 * EDGE_ERR_COMMAND_UNKNOWN rather than silence.
 */
export function parseCloudMessage(text: string): HelloMessage | CommandMessage | undefined {
  const m = parseObject(text);
  if (!m) return undefined;
  if (m.type === 'hello' && typeof m.agentId === 'string' && typeof m.serverTime === 'number') return { type: 'hello', agentId: m.agentId, serverTime: m.serverTime };
  if (m.type === 'command' && typeof m.id === 'string' && typeof m.command === 'string') {
    const args = typeof m.args === 'object' && m.args !== null && !Array.isArray(m.args) ? (m.args as Record<string, unknown>) : {};
    return { type: 'command', id: m.id, command: m.command as CommandType, args };
  }
  return undefined;
}
