import { readFile } from 'node:fs/promises';
import { isSlug } from '@argus/core';
import { DEFAULT_DETECTION, DetectionSettings } from '@argus/contracts';
import { Compile } from 'typebox/compile';
import { withEdgeSources } from './enrollment/config-sources.js';
import { EdgeError, EdgeErrorCode } from './errors.js';

/** One camera of the site, as the agent records it and detects on it. */
export interface CameraConfig {
  readonly id: string;
  readonly name: string;
  /** RTSP URL of the stream to record (may carry credentials). */
  readonly main: string;
  /** RTSP URL of the lower-resolution stream motion detection decodes; without it, detection decodes `main`. */
  readonly sub?: string;
  /** Motion detection settings (DEFAULT_DETECTION filling what the configuration leaves out), used by the camera unit. */
  readonly detect: DetectionSettings;
}

export interface EdgeConfig {
  readonly cloud: {
    /** Base URL of the cloud API, e.g. https://argus.example.com. */
    readonly url: string;
    /** Bearer token of the edge API. */
    readonly token: string;
    readonly timeoutMs: number; // used by the uplink client
    /** The enrolled agent's id (credential file); `legacy` for the bootstrap token. Used to derive the inference key. */
    readonly agentId: string;
  };
  readonly orgId: string;
  readonly siteId: string;
  /** Local folder for segments waiting to be uploaded. */
  readonly dataDir: string;
  readonly segmentSeconds: number; // used by the recorder
  readonly stallTimeoutMs: number; // used by the recorder's watchdog
  /**
   * The live tap (core/ts-gop-cache.ts), used by the recorder and the detect
   * decoder: each keeps a running copy of its stream's newest GOP, so a live
   * view starts with a picture at once. Off, a live push connects to the
   * camera and waits for its next keyframe, and the agent spends less CPU
   * (docs/benchmarks.md).
   */
  readonly liveTap: { readonly enabled: boolean };
  /** Frozen-picture detection (core/freeze-detector.ts), used by the recorder. */
  readonly freezeDetection: {
    /** Decode each keyframe into a thumbnail and raise `camera-frozen`; false records without decoding anything. */
    readonly enabled: boolean;
    /** The picture must stay identical this long to count as frozen (ms). */
    readonly windowMs: number;
  };
  readonly restart: { readonly initialMs: number; readonly maxMs: number; readonly jitter: number }; // used by the recorder
  readonly retry: { readonly initialMs: number; readonly maxMs: number; readonly jitter: number }; // used by the uploader
  readonly cameras: readonly CameraConfig[];
  /** Local spool caps, enforced by the disk guard (storage/disk-guard.ts). */
  readonly storage: {
    /** Cap of the media bytes under dataDir (segments waiting or kept, lost+found). */
    readonly maxBytes: number;
    /** The filesystem holding dataDir must keep this much free (bytes). */
    readonly minFreeBytes: number;
    /** Keep uploaded segments for local playback (evicted first); false deletes them once indexed. */
    readonly keepUploaded: boolean;
  };
  /** Outbox drain policy, used by the uploader. */
  readonly uplink: {
    /** Cap of the backlog lane (bytes/s); 0 = uncapped. The live lane is never capped. */
    readonly maxBytesPerSecond: number;
    /** Share of the bytes the backlog gets while live segments also wait (0..1). */
    readonly backlogShare: number;
    /** On stop, keep uploading for at most this long; the rest stays on disk for the next start (ms). */
    readonly shutdownDrainMs: number;
  };
  /** Prometheus endpoint (metrics/metrics-server.ts), bound to 127.0.0.1; port 0 = off. */
  readonly metrics: { readonly port: number };
  /** Seconds between two heartbeats to the cloud (heartbeat/heartbeat-client.ts). */
  readonly heartbeatSeconds: number;
  /** Object detection through the Rekognition API (adapters/rekognition, camera/object-pipeline.ts). */
  readonly inference: InferenceConfig;
}

/**
 * Where pictures with motion go for object detection: `cloud` (the Argus
 * cloud's Rekognition-compatible endpoint, signed with a key derived from
 * the agent's credential), `aws` (AWS Rekognition in `region`, with
 * `accessKeyId`/`secretAccessKey`), an `https://` URL of another
 * Rekognition-compatible endpoint (with keys), or `off`.
 */
export interface InferenceConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
  /** Pictures in flight at once, all cameras together; more are dropped. */
  readonly maxInFlight: number;
  /** Pictures a second, all cameras together; more are dropped. */
  readonly perSecond: number;
  readonly timeoutMs: number;
}

export const EDGE_DEFAULTS = {
  orgId: 'default',
  siteId: 'site-1',
  segmentSeconds: 4,
  // Progress-fed watchdog (ffmpeg -progress, every half second): a frozen stream is killed 8 s after its last frame.
  stallTimeoutMs: 8000,
  // Keyframes (one every 1-2 s on most cameras) identical for 6 s: raised ~6 s after the picture froze.
  freezeDetection: { enabled: true, windowMs: 6000 }, // used by the recorder
  liveTap: { enabled: true }, // used by the recorder and the detect decoder
  timeoutMs: 15_000,
  storage: { maxBytes: 20 * 1024 ** 3, minFreeBytes: 1024 ** 3, keepUploaded: false }, // used by the disk guard
  uplink: { maxBytesPerSecond: 0, backlogShare: 0.5, shutdownDrainMs: 10_000 }, // used by the uploader
  metrics: { port: 9464 }, // used by the metrics server
  heartbeatSeconds: 10, // used by the heartbeat client
  inference: { endpoint: 'cloud', region: 'us-east-1', maxInFlight: 2, perSecond: 4, timeoutMs: 5000 }, // used by the object pipelines
  restart: { initialMs: 1000, maxMs: 30_000, jitter: 0.2 },
  retry: { initialMs: 500, maxMs: 30_000, jitter: 0.2 },
} as const;

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and validates the agent's configuration (the JSON file format of
 * docs/edge-agent.md). Every problem is collected, and all of them are
 * reported in one EDGE_ERR_CONFIG error, so a site engineer fixes the file in
 * one pass. The result is frozen.
 */
export function parseEdgeConfig(input: unknown): EdgeConfig {
  const problems: string[] = [];
  const raw = isObject(input) ? input : (problems.push('the configuration must be a JSON object'), {} as Raw);

  const str = (obj: Raw, key: string, path: string, fallback?: string): string => {
    const v = obj[key] ?? fallback;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${path} must be a non-empty string`);
      return '';
    }
    return v;
  };
  const num = (obj: Raw, key: string, path: string, fallback: number, min: number, max: number): number => {
    const v = obj[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      problems.push(`${path} must be a number from ${min} to ${max}`);
      return fallback;
    }
    return v;
  };
  const bool = (obj: Raw, key: string, path: string, fallback: boolean): boolean => {
    const v = obj[key] ?? fallback;
    if (typeof v !== 'boolean') {
      problems.push(`${path} must be true or false`);
      return fallback;
    }
    return v;
  };
  const section = (key: string): Raw => {
    if (raw[key] === undefined) return {};
    if (isObject(raw[key])) return raw[key];
    problems.push(`${key} must be an object`);
    return {};
  };
  const slug = (value: string, path: string): string => {
    if (value !== '' && !isSlug(value)) problems.push(`${path} ${JSON.stringify(value)} must be 1-63 lowercase letters, digits or '-'`);
    return value;
  };

  const cloudRaw = isObject(raw.cloud) ? raw.cloud : (problems.push('cloud must be an object with url and token'), {} as Raw);
  const cloudUrl = str(cloudRaw, 'url', 'cloud.url');
  if (cloudUrl !== '' && !/^https?:\/\/[^/]+/.test(cloudUrl)) problems.push(`cloud.url must be an http(s) URL, got ${JSON.stringify(cloudUrl)}`);

  const cameras: CameraConfig[] = [];
  // An enrolled agent may start with no cameras: the console's wizard adds them over the control channel.
  if (!Array.isArray(raw.cameras ?? [])) {
    problems.push('cameras must be an array');
  } else {
    const seen = new Set<string>();
    ((raw.cameras ?? []) as unknown[]).forEach((c: unknown, i: number) => {
      const path = `cameras[${i}]`;
      if (!isObject(c)) return void problems.push(`${path} must be an object`);
      const id = slug(str(c, 'id', `${path}.id`), `${path}.id`);
      if (seen.has(id)) problems.push(`${path}.id ${JSON.stringify(id)} is used twice`);
      seen.add(id);
      cameras.push(parseCamera(c, path, problems, id));
    });
  }

  const backoff = (key: 'restart' | 'retry') => {
    const b = isObject(raw[key]) ? raw[key] : {};
    const d = EDGE_DEFAULTS[key];
    return {
      initialMs: num(b, 'initialMs', `${key}.initialMs`, d.initialMs, 10, 600_000),
      maxMs: num(b, 'maxMs', `${key}.maxMs`, d.maxMs, 10, 3_600_000),
      jitter: num(b, 'jitter', `${key}.jitter`, d.jitter, 0, 1),
    };
  };

  const config: EdgeConfig = {
    cloud: {
      url: cloudUrl,
      token: str(cloudRaw, 'token', 'cloud.token'),
      timeoutMs: num(cloudRaw, 'timeoutMs', 'cloud.timeoutMs', EDGE_DEFAULTS.timeoutMs, 1000, 300_000),
      agentId: cloudRaw.agentId === undefined ? 'legacy' : str(cloudRaw, 'agentId', 'cloud.agentId'),
    },
    orgId: slug(str(raw, 'orgId', 'orgId', EDGE_DEFAULTS.orgId), 'orgId'),
    siteId: slug(str(raw, 'siteId', 'siteId', EDGE_DEFAULTS.siteId), 'siteId'),
    dataDir: str(raw, 'dataDir', 'dataDir'),
    segmentSeconds: num(raw, 'segmentSeconds', 'segmentSeconds', EDGE_DEFAULTS.segmentSeconds, 1, 10),
    stallTimeoutMs: num(raw, 'stallTimeoutMs', 'stallTimeoutMs', EDGE_DEFAULTS.stallTimeoutMs, 2000, 600_000),
    liveTap: { enabled: bool(section('liveTap'), 'enabled', 'liveTap.enabled', EDGE_DEFAULTS.liveTap.enabled) },
    freezeDetection: (() => {
      const o = section('freezeDetection');
      const d = EDGE_DEFAULTS.freezeDetection;
      return {
        enabled: bool(o, 'enabled', 'freezeDetection.enabled', d.enabled),
        windowMs: num(o, 'windowMs', 'freezeDetection.windowMs', d.windowMs, 2000, 600_000),
      };
    })(),
    restart: backoff('restart'),
    retry: backoff('retry'),
    cameras,
    storage: (() => {
      const o = section('storage');
      const d = EDGE_DEFAULTS.storage;
      return {
        maxBytes: num(o, 'maxBytes', 'storage.maxBytes', d.maxBytes, 1024 ** 2, Number.MAX_SAFE_INTEGER),
        minFreeBytes: num(o, 'minFreeBytes', 'storage.minFreeBytes', d.minFreeBytes, 0, Number.MAX_SAFE_INTEGER),
        keepUploaded: bool(o, 'keepUploaded', 'storage.keepUploaded', d.keepUploaded),
      };
    })(),
    uplink: (() => {
      const o = section('uplink');
      const d = EDGE_DEFAULTS.uplink;
      return {
        maxBytesPerSecond: num(o, 'maxBytesPerSecond', 'uplink.maxBytesPerSecond', d.maxBytesPerSecond, 0, Number.MAX_SAFE_INTEGER),
        backlogShare: num(o, 'backlogShare', 'uplink.backlogShare', d.backlogShare, 0, 1),
        shutdownDrainMs: num(o, 'shutdownDrainMs', 'uplink.shutdownDrainMs', d.shutdownDrainMs, 0, 600_000),
      };
    })(),
    metrics: { port: num(section('metrics'), 'port', 'metrics.port', EDGE_DEFAULTS.metrics.port, 0, 65535) },
    heartbeatSeconds: num(raw, 'heartbeatSeconds', 'heartbeatSeconds', EDGE_DEFAULTS.heartbeatSeconds, 1, 3600),
    inference: (() => {
      const o = section('inference');
      const d = EDGE_DEFAULTS.inference;
      const endpoint = str(o, 'endpoint', 'inference.endpoint', d.endpoint);
      const named = ['cloud', 'aws', 'off'].includes(endpoint);
      if (!named && !/^https?:\/\/[^/]+/.test(endpoint)) problems.push(`inference.endpoint must be cloud, aws, off or an http(s) URL, got ${JSON.stringify(endpoint)}`);
      const key = o.accessKeyId === undefined ? undefined : str(o, 'accessKeyId', 'inference.accessKeyId');
      const secret = o.secretAccessKey === undefined ? undefined : str(o, 'secretAccessKey', 'inference.secretAccessKey');
      if ((endpoint === 'aws' || !named) && (key === undefined || secret === undefined)) problems.push(`inference.accessKeyId and inference.secretAccessKey are needed for endpoint ${endpoint}`);
      if ((key === undefined) !== (secret === undefined)) problems.push('inference.accessKeyId and inference.secretAccessKey go together');
      return {
        endpoint,
        region: str(o, 'region', 'inference.region', d.region),
        accessKeyId: key,
        secretAccessKey: secret,
        maxInFlight: num(o, 'maxInFlight', 'inference.maxInFlight', d.maxInFlight, 1, 64),
        perSecond: num(o, 'perSecond', 'inference.perSecond', d.perSecond, 0.1, 1000),
        timeoutMs: num(o, 'timeoutMs', 'inference.timeoutMs', d.timeoutMs, 500, 120_000),
      };
    })(),
  };
  if (!Number.isInteger(config.metrics.port)) problems.push('metrics.port must be an integer');
  if (problems.length > 0) {
    throw new EdgeError(EdgeErrorCode.config, `invalid edge configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return deepFreeze(config);
}

/**
 * Reads the JSON configuration file. `ARGUS_EDGE_TOKEN` in the environment,
 * when set, replaces `cloud.token`, so the secret can come from a secret
 * store instead of the file.
 */
export async function loadEdgeConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<EdgeConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new EdgeError(EdgeErrorCode.config, `cannot read configuration file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new EdgeError(EdgeErrorCode.config, `configuration file ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  // The enrolled credential (credential.json) and the cameras added by the cloud (cameras.json beside the config).
  if (isObject(json)) json = await withEdgeSources(json, path, env);
  const token = env.ARGUS_EDGE_TOKEN;
  if (token && isObject(json)) json = { ...json, cloud: { ...(isObject(json.cloud) ? json.cloud : {}), token } };
  return parseEdgeConfig(json);
}

const RTSP_URL = /^rtsps?:\/\/[^/]+/;

/**
 * One camera record (of the configuration, or of cameras.json): id, name,
 * `main`, optional `sub`, and `detect` over DEFAULT_DETECTION. Problems are
 * appended to `problems`, each naming its field under `path`; URLs are never
 * echoed (they may carry a password).
 */
function parseCamera(c: Raw, path: string, problems: string[], id: string): CameraConfig {
  const text = (key: string, fallback?: string): string => {
    const v = c[key] ?? fallback;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${path}.${key} must be a non-empty string`);
      return '';
    }
    return v;
  };
  const main = text('main');
  if (main !== '' && !RTSP_URL.test(main)) problems.push(`${path}.main must be an rtsp:// URL`);
  let sub: string | undefined;
  if (c.sub !== undefined) {
    sub = text('sub');
    if (sub !== '' && !RTSP_URL.test(sub)) problems.push(`${path}.sub must be an rtsp:// URL`);
  }
  return { id, name: text('name', id), main, ...(sub === undefined ? {} : { sub }), detect: parseDetection(c.detect, `${path}.detect`, problems) };
}

const detectionChecker = Compile(DetectionSettings);

/**
 * `detect` of a camera: the given fields over DEFAULT_DETECTION, checked
 * against the contract's schema (DETECTION_LIMITS). Every problem is
 * appended, as `<path>.<field> <message>`.
 */
export function parseDetection(raw: unknown, path: string, problems: string[]): DetectionSettings {
  if (raw === undefined) return { ...DEFAULT_DETECTION };
  if (!isObject(raw)) {
    problems.push(`${path} must be an object`);
    return { ...DEFAULT_DETECTION };
  }
  const merged: unknown = { ...DEFAULT_DETECTION, ...raw };
  if (detectionChecker.Check(merged)) return merged as DetectionSettings;
  let found = 0;
  for (const error of detectionChecker.Errors(merged)) {
    if (error.keyword === 'boolean') continue; // the same unknown field again, as "schema is false"
    const extra = (error.params as { additionalProperties?: string[] } | undefined)?.additionalProperties;
    const segments = [...error.instancePath.split('/').filter(Boolean), ...(extra ?? [])];
    const where = path + segments.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
    problems.push(`${where} ${extra ? 'is not a detection setting' : error.message}`);
    if (++found >= 5) break; // one broken polygon can make dozens; the first few say where
  }
  return { ...DEFAULT_DETECTION };
}

/** One camera of cameras.json (or a command) as the agent runs it; throws EDGE_ERR_CONFIG naming every problem. */
export function parseCameraConfig(raw: unknown, path = 'camera'): CameraConfig {
  const problems: string[] = [];
  if (!isObject(raw)) throw new EdgeError(EdgeErrorCode.config, `${path} must be an object`);
  const id = typeof raw.id === 'string' && isSlug(raw.id) ? raw.id : (problems.push(`${path}.id must be 1-63 lowercase letters, digits or '-'`), '');
  const camera = parseCamera(raw, path, problems, id);
  if (problems.length > 0) throw new EdgeError(EdgeErrorCode.config, `invalid camera:\n  - ${problems.join('\n  - ')}`);
  return deepFreeze(camera);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
