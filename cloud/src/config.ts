import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSlug } from '@argus/core';
import { isRole, MIN_PASSWORD_LENGTH, RETENTION_DEFAULT_DAYS, RETENTION_DEFAULT_EVENT_DAYS, type Role } from '@argus/contracts';
import { CloudError } from './errors.js';

export interface S3Config {
  /** e.g. `http://127.0.0.1:9000`; scheme picks TLS. Used by the cloud itself. */
  readonly endpoint: string;
  /**
   * Origin that edges and browsers reach the store at, for presigned URLs
   * (the signature covers the host); defaults to `endpoint`. Differs in
   * compose, where the cloud sees `minio:9000` and browsers `localhost:9000`.
   */
  readonly publicEndpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly bucket: string;
  readonly region: string;
}

export interface OidcConfig {
  /** Issuer URL; its `/.well-known/openid-configuration` is read at the first sign-in (and again after a failure). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  /** Where the provider sends the browser back; default `<request origin>/api/auth/oidc/callback`. */
  readonly redirectUrl: string | undefined;
  /** Shown on the console's sign-in button. */
  readonly name: string;
  /** Organisation that single sign-on users belong to. */
  readonly orgId: string;
  /** ID token claim holding the role (a string, or an array whose first known role wins). */
  readonly roleClaim: string;
  /** Role when the claim is missing or holds no known role; undefined → such users are refused. */
  readonly defaultRole: Role | undefined;
  /** Claim holding the site ids (array or comma-separated); missing → every site. */
  readonly sitesClaim: string;
  readonly scopes: string;
}

export interface AuthConfig {
  /** First admin, created at start when the deployment has no user yet (`ARGUS_ADMIN_EMAIL`, `ARGUS_ADMIN_PASSWORD`). */
  readonly bootstrapAdmin: { readonly email: string; readonly password: string } | undefined;
  /** Console session lifetime (ms), from sign-in (`ARGUS_SESSION_HOURS`). Used by auth/auth.routes. */
  readonly sessionTtlMs: number;
  /** Session cookie `Secure` flag: `auto` sets it on https requests (`ARGUS_COOKIE_SECURE`). */
  readonly cookieSecure: boolean | 'auto';
  /** Origins besides the cloud's own whose pages may make state-changing calls (`ARGUS_PUBLIC_URL`, comma-separated). */
  readonly allowedOrigins: readonly string[];
  /** Single sign-on; undefined → password sign-in only. */
  readonly oidc: OidcConfig | undefined;
}

/** The Rekognition-compatible endpoint (POST /rekognition) and its detector. */
export interface InferenceConfig {
  /** `ARGUS_INFERENCE` (`on`, `off`): off → every call answers InternalServerError and no model is loaded. */
  readonly enabled: boolean;
  /** Worker threads running the model (`ARGUS_INFERENCE_WORKERS`). Used by the detector the endpoint creates. */
  readonly workers: number;
  /** Calls waiting for or in the detector at once (`ARGUS_INFERENCE_QUEUE`); more → ThrottlingException. Used by inference/detector-host. */
  readonly queueLimit: number;
  /** Requests per second each access key may make, and its burst (`ARGUS_INFERENCE_KEY_RATE`, `ARGUS_INFERENCE_KEY_BURST`); more → ProvisionedThroughputExceededException. */
  readonly keyRate: number;
  readonly keyBurst: number;
  /** The same for all keys and agents of one organisation together (`ARGUS_INFERENCE_ORG_RATE`, `ARGUS_INFERENCE_ORG_BURST`). */
  readonly orgRate: number;
  readonly orgBurst: number;
}

/** argus-cloud configuration: parsed from the environment once at boot, then frozen. */
function mqttUrl(env: Env): string | undefined {
  const url = text(env, 'ARGUS_MQTT_URL');
  if (url === undefined) return undefined;
  if (!/^(mqtts?|wss?):\/\/[^/]+/.test(url)) fail('ARGUS_MQTT_URL', 'must be an mqtt://, mqtts://, ws:// or wss:// URL');
  return url;
}

export interface CloudConfig {
  readonly port: number;
  readonly host: string;
  /** Trust X-Forwarded-* from a reverse proxy (`ARGUS_TRUST_PROXY=true`): client addresses in the audit log and rate limit come from it. */
  readonly trustProxy: boolean;
  /** External PostgreSQL; undefined → embedded PostgreSQL under dataDir. */
  readonly databaseUrl: string | undefined;
  /** Absolute; holds the embedded cluster (`postgres/`) and the file store (`objects/`). */
  readonly dataDir: string;
  /** Embedded PostgreSQL cluster folder (`ARGUS_PG_DIR`); default `<dataDir>/postgres`. */
  readonly embeddedPostgresDir: string;
  /**
   * Bootstrap agent credential (`ARGUS_EDGE_TOKEN`): an agent of the default
   * organisation that may write every one of its sites. Optional; enrolled
   * agents get their own per-site, revocable credential instead.
   */
  readonly edgeToken: string | undefined;
  readonly auth: AuthConfig;
  readonly health: {
    /** No segment, or camera state not `recording`, for this long → `camera-offline` (used by the health checker). */
    readonly cameraGraceMs: number;
    /** No heartbeat for this long → `agent-offline` (used by the health checker). */
    readonly agentGraceMs: number;
    /** Pause between two passes of the health checker. */
    readonly checkPeriodMs: number;
  };
  /** Longest wait for an agent's acknowledgement of a command (used by POST /api/agents/:id/commands). */
  readonly commandTimeoutMs: number;
  readonly live: {
    /** RTMP port a live session's relay takes for the edge's push (`ARGUS_RTMP_PORT`); 0 → any free port. Used by live/live-relay. */
    readonly rtmpPort: number;
    /** Host the edges reach that port at, written into the push URL (`ARGUS_RTMP_PUBLIC_HOST`, default HOST). */
    readonly rtmpPublicHost: string;
    /** No playlist or segment request for this long → live-stop (`ARGUS_LIVE_IDLE_SECONDS`). Used by live/live-sessions. */
    readonly idleMs: number;
  };
  readonly inference: InferenceConfig;
  /** Used by retention/retention-runner. */
  readonly retention: {
    /** Days of continuous recording a camera keeps unless set on the camera (`ARGUS_RETENTION_DAYS`). */
    readonly days: number;
    /** Days segments overlapping an event, and events, are kept unless set on the camera (`ARGUS_RETENTION_EVENT_DAYS`, at least the days above). */
    readonly eventDays: number;
    /** Pause between two scheduled runs (`ARGUS_RETENTION_INTERVAL_SECONDS`); 0: only on request. */
    readonly intervalMs: number;
    /** Segments or events deleted per step (`ARGUS_RETENTION_BATCH`): objects first, then their rows. */
    readonly batch: number;
  };
  /**
   * MQTT broker that alerts and events are published to (`ARGUS_MQTT_URL`,
   * `mqtt://`, `mqtts://`, `ws://` or `wss://`, credentials in the URL
   * allowed: never logged); undefined → none. Used by mqtt/mqtt-publisher.
   */
  readonly mqttUrl: string | undefined;
  readonly evidence: {
    /**
     * PEM file of the deployment's Ed25519 evidence signing key
     * (`ARGUS_EVIDENCE_KEY_FILE`, PKCS#8); undefined → a key generated once and
     * kept in the database. Used by evidence/evidence-keys.
     */
    readonly keyFile: string | undefined;
  };
  /** HMAC key of the file store's signed media URLs. */
  readonly mediaSecret: string;
  /** Set → S3/MinIO object store; unset → file store under dataDir. */
  readonly s3: S3Config | undefined;
  /** Built console served at `/` when the directory exists. */
  readonly consoleDir: string;
  readonly logLevel: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// The repository's console/dist from this file's cloud/src/; `dist/console` beside the bundle cloud/dist/main.js of an installed argus-cloud (scripts/build-package.ts copies it there).
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL(path.basename(path.dirname(fileURLToPath(import.meta.url))) === 'dist' ? './console' : '../../console/dist', import.meta.url));
const MIN_TOKEN_LENGTH = 16;

function fail(variable: string, problem: string): never {
  throw new CloudError('CLD_ERR_CONFIG', `invalid configuration: ${variable} ${problem}`, { field: variable });
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65_535) fail(name, `must be a TCP port (0-65535), got ${JSON.stringify(raw)}`);
  return n;
}

function seconds(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback * 1000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) fail(name, `must be a number of seconds from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return Math.round(n * 1000);
}

function httpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The URL constructor's message adds nothing; ours names the variable.
    return fail(name, `must be a URL like http://127.0.0.1:9000, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(name, `must be an http(s) URL, got ${JSON.stringify(raw)}`);
  if (url.pathname !== '/' && url.pathname !== '') fail(name, 'must not have a path (the bucket goes in S3_BUCKET)');
  return url.origin;
}

/**
 * Parses and validates the cloud's environment. Throws one CloudError
 * (CLD_ERR_CONFIG) whose message names the offending variable. Pure except
 * for the default data dir (relative to `cwd`) and a random media secret
 * when none is given.
 */
export function loadCloudConfig(env: Env = process.env, cwd: string = process.cwd()): CloudConfig {
  const edgeToken = text(env, 'ARGUS_EDGE_TOKEN');
  if (edgeToken !== undefined && edgeToken.length < MIN_TOKEN_LENGTH) fail('ARGUS_EDGE_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters (generate one with \`openssl rand -hex 32\`)`);
  for (const gone of ['ARGUS_ADMIN_TOKEN', 'ARGUS_ORG']) {
    if (text(env, gone) !== undefined) fail(gone, 'is no longer read: sign in with a user (ARGUS_ADMIN_EMAIL / ARGUS_ADMIN_PASSWORD create the first admin) and use API tokens (docs/operations.md)');
  }

  const databaseUrl = text(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) fail('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');

  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);

  const mediaSecret = text(env, 'ARGUS_MEDIA_SECRET') ?? randomBytes(32).toString('hex');
  if (mediaSecret.length < MIN_TOKEN_LENGTH) fail('ARGUS_MEDIA_SECRET', `must be at least ${MIN_TOKEN_LENGTH} characters`);

  let s3: S3Config | undefined;
  const endpoint = text(env, 'S3_ENDPOINT');
  if (endpoint !== undefined) {
    const accessKey = text(env, 'S3_ACCESS_KEY');
    const secretKey = text(env, 'S3_SECRET_KEY');
    if (accessKey === undefined) fail('S3_ACCESS_KEY', 'is required when S3_ENDPOINT is set');
    if (secretKey === undefined) fail('S3_SECRET_KEY', 'is required when S3_ENDPOINT is set');
    const bucket = text(env, 'S3_BUCKET') ?? 'argus';
    // S3 bucket naming rules, simplified: 3-63 of lowercase letters, digits, '.', '-'.
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) fail('S3_BUCKET', `is not a valid bucket name: ${JSON.stringify(bucket)}`);
    const internal = httpUrl('S3_ENDPOINT', endpoint);
    const publicEndpoint = text(env, 'S3_PUBLIC_ENDPOINT');
    s3 = {
      endpoint: internal,
      publicEndpoint: publicEndpoint === undefined ? internal : httpUrl('S3_PUBLIC_ENDPOINT', publicEndpoint),
      accessKey, secretKey, bucket, region: text(env, 'S3_REGION') ?? 'us-east-1' };

  }

  const dataDir = path.resolve(cwd, text(env, 'ARGUS_DATA_DIR') ?? '.argus');
  const evidenceKeyFile = text(env, 'ARGUS_EVIDENCE_KEY_FILE'); // read (and checked) at start by evidence/evidence-keys
  const auth = loadAuthConfig(env);
  return Object.freeze({
    port: port(env, 'PORT', 8080),
    host: text(env, 'HOST') ?? '127.0.0.1', // loopback unless asked: the embedded default is a one-machine setup
    trustProxy: bool(env, 'ARGUS_TRUST_PROXY', false),
    databaseUrl,
    dataDir,
    embeddedPostgresDir: path.resolve(cwd, text(env, 'ARGUS_PG_DIR') ?? path.join(dataDir, 'postgres')),
    edgeToken,
    auth,
    health: Object.freeze({
      cameraGraceMs: seconds(env, 'ARGUS_CAMERA_OFFLINE_SECONDS', 30, 1, 86_400),
      agentGraceMs: seconds(env, 'ARGUS_AGENT_OFFLINE_SECONDS', 30, 1, 86_400),
      checkPeriodMs: seconds(env, 'ARGUS_HEALTH_CHECK_SECONDS', 5, 0.05, 3600),
    }),
    commandTimeoutMs: seconds(env, 'ARGUS_COMMAND_TIMEOUT_SECONDS', 15, 0.1, 600),
    live: Object.freeze({
      rtmpPort: port(env, 'ARGUS_RTMP_PORT', 1935),
      rtmpPublicHost: text(env, 'ARGUS_RTMP_PUBLIC_HOST') ?? text(env, 'HOST') ?? '127.0.0.1',
      idleMs: seconds(env, 'ARGUS_LIVE_IDLE_SECONDS', 30, 0.5, 3600),
    }),
    inference: loadInferenceConfig(env),
    retention: loadRetentionConfig(env),
    mqttUrl: mqttUrl(env),
    evidence: Object.freeze({ keyFile: evidenceKeyFile === undefined ? undefined : path.resolve(cwd, evidenceKeyFile) }),
    mediaSecret,
    s3: s3 && Object.freeze(s3),
    consoleDir: path.resolve(cwd, text(env, 'ARGUS_CONSOLE_DIR') ?? DEFAULT_CONSOLE_DIR),
    logLevel,
  });
}

function loadAuthConfig(env: Env): AuthConfig {
  const email = text(env, 'ARGUS_ADMIN_EMAIL');
  const password = env.ARGUS_ADMIN_PASSWORD; // not trimmed: spaces may be part of it
  if ((email === undefined) !== (password === undefined || password === '')) fail(email === undefined ? 'ARGUS_ADMIN_EMAIL' : 'ARGUS_ADMIN_PASSWORD', 'must be set together with ' + (email === undefined ? 'ARGUS_ADMIN_PASSWORD' : 'ARGUS_ADMIN_EMAIL'));
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) fail('ARGUS_ADMIN_EMAIL', 'must be an email address');
  if (password !== undefined && password !== '' && password.length < MIN_PASSWORD_LENGTH) fail('ARGUS_ADMIN_PASSWORD', `must be at least ${MIN_PASSWORD_LENGTH} characters`);

  const secure = text(env, 'ARGUS_COOKIE_SECURE') ?? 'auto';
  if (!['auto', 'true', 'false'].includes(secure)) fail('ARGUS_COOKIE_SECURE', `must be auto, true or false, got ${JSON.stringify(secure)}`);

  const allowedOrigins = (text(env, 'ARGUS_PUBLIC_URL') ?? '').split(',').map((o) => o.trim()).filter(Boolean).map((o) => {
    try {
      const url = new URL(o);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
      return url.origin;
    } catch {
      return fail('ARGUS_PUBLIC_URL', `must be http(s) URLs separated by commas, got ${JSON.stringify(o)}`);
    }
  });

  let oidc: OidcConfig | undefined;
  const issuer = text(env, 'ARGUS_OIDC_ISSUER');
  if (issuer !== undefined) {
    const clientId = text(env, 'ARGUS_OIDC_CLIENT_ID');
    if (clientId === undefined) fail('ARGUS_OIDC_CLIENT_ID', 'is required when ARGUS_OIDC_ISSUER is set');
    const orgId = text(env, 'ARGUS_OIDC_ORG') ?? 'default';
    if (!isSlug(orgId)) fail('ARGUS_OIDC_ORG', `must be an organisation id (slug), got ${JSON.stringify(orgId)}`);
    const defaultRole = text(env, 'ARGUS_OIDC_DEFAULT_ROLE');
    if (defaultRole !== undefined && !isRole(defaultRole)) fail('ARGUS_OIDC_DEFAULT_ROLE', `must be admin, operator, integrator or viewer, got ${JSON.stringify(defaultRole)}`);
    const redirectUrl = text(env, 'ARGUS_OIDC_REDIRECT_URL');
    if (redirectUrl !== undefined) httpUrlWithPath('ARGUS_OIDC_REDIRECT_URL', redirectUrl);
    oidc = Object.freeze({
      issuer: httpUrlWithPath('ARGUS_OIDC_ISSUER', issuer),
      clientId,
      clientSecret: text(env, 'ARGUS_OIDC_CLIENT_SECRET'),
      redirectUrl,
      name: text(env, 'ARGUS_OIDC_NAME') ?? 'single sign-on',
      orgId,
      roleClaim: text(env, 'ARGUS_OIDC_ROLE_CLAIM') ?? 'argus_role',
      defaultRole: defaultRole as Role | undefined,
      sitesClaim: text(env, 'ARGUS_OIDC_SITES_CLAIM') ?? 'argus_sites',
      scopes: text(env, 'ARGUS_OIDC_SCOPES') ?? 'openid email profile',
    });
  }

  return Object.freeze({
    bootstrapAdmin: email !== undefined && password !== undefined && password !== '' ? Object.freeze({ email, password }) : undefined,
    sessionTtlMs: hours(env, 'ARGUS_SESSION_HOURS', 12, 0.01, 24 * 30),
    cookieSecure: secure === 'auto' ? 'auto' : secure === 'true',
    allowedOrigins: Object.freeze(allowedOrigins),
    oidc,
  });
}

function loadRetentionConfig(env: Env): CloudConfig['retention'] {
  const days = integer(env, 'ARGUS_RETENTION_DAYS', RETENTION_DEFAULT_DAYS, 1, 3650);
  const eventDays = integer(env, 'ARGUS_RETENTION_EVENT_DAYS', Math.max(days, RETENTION_DEFAULT_EVENT_DAYS), 1, 3650);
  if (eventDays < days) fail('ARGUS_RETENTION_EVENT_DAYS', `must be at least ARGUS_RETENTION_DAYS (${days}), got ${eventDays}`);
  return Object.freeze({
    days,
    eventDays,
    intervalMs: seconds(env, 'ARGUS_RETENTION_INTERVAL_SECONDS', 3600, 0, 7 * 86_400),
    batch: integer(env, 'ARGUS_RETENTION_BATCH', 500, 1, 10_000),
  });
}

function loadInferenceConfig(env: Env): InferenceConfig {
  const mode = text(env, 'ARGUS_INFERENCE') ?? 'on';
  if (mode !== 'on' && mode !== 'off') fail('ARGUS_INFERENCE', `must be on or off, got ${JSON.stringify(mode)}`);
  const keyRate = number(env, 'ARGUS_INFERENCE_KEY_RATE', 10, 0, 10_000);
  const orgRate = number(env, 'ARGUS_INFERENCE_ORG_RATE', 50, 0, 100_000);
  const workers = integer(env, 'ARGUS_INFERENCE_WORKERS', 1, 1, 64); // one model copy (and one core) per worker
  return Object.freeze({
    enabled: mode === 'on',
    workers,
    // Four calls per worker (one running, three waiting: ~1-2 s at wasm speed); a longer wait serves stale frames.
    queueLimit: integer(env, 'ARGUS_INFERENCE_QUEUE', 4 * workers, 1, 10_000),
    keyRate,
    keyBurst: number(env, 'ARGUS_INFERENCE_KEY_BURST', Math.max(1, keyRate * 2), 1, 100_000),
    orgRate,
    orgBurst: number(env, 'ARGUS_INFERENCE_ORG_BURST', Math.max(1, orgRate * 2), 1, 1_000_000),
  });
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) fail(name, `must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const n = number(env, name, fallback, min, max);
  if (!Number.isInteger(n)) fail(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(env[name])}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') fail(name, `must be true or false, got ${JSON.stringify(raw)}`);
  return raw === 'true';
}

function hours(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) fail(name, `must be a number of hours from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return Math.round(n * 3_600_000);
}

function httpUrlWithPath(name: string, raw: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString().replace(/\/$/, '');
  } catch {
    // fall through to the message naming the variable
  }
  return fail(name, `must be an http(s) URL, got ${JSON.stringify(raw)}`);
}
