import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSlug } from '@argus/core';
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

/** argus-cloud configuration: parsed from the environment once at boot, then frozen. */
export interface CloudConfig {
  readonly port: number;
  readonly host: string;
  /** External PostgreSQL; undefined → embedded PostgreSQL under dataDir. */
  readonly databaseUrl: string | undefined;
  /** Absolute; holds the embedded cluster (`postgres/`) and the file store (`objects/`). */
  readonly dataDir: string;
  /** Embedded PostgreSQL cluster folder (`ARGUS_PG_DIR`); default `<dataDir>/postgres`. */
  readonly embeddedPostgresDir: string;
  /**
   * Legacy/bootstrap edge credential (`ARGUS_EDGE_TOKEN`): valid for every
   * site, what the embedded setup (`npm start`) uses. Enrolled agents get
   * their own per-site credential instead.
   */
  readonly edgeToken: string;
  /** Bearer token of the admin API (`ARGUS_ADMIN_TOKEN`); undefined → admin API and commands disabled. */
  readonly adminToken: string | undefined;
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
  /** Org this deployment serves (first path part of every object key). */
  readonly org: string;
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
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));
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
  if (edgeToken === undefined) fail('ARGUS_EDGE_TOKEN', 'is required: the bearer token edge agents send (generate one with `openssl rand -hex 32`)');
  if (edgeToken.length < MIN_TOKEN_LENGTH) fail('ARGUS_EDGE_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters`);

  const adminToken = text(env, 'ARGUS_ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < MIN_TOKEN_LENGTH) fail('ARGUS_ADMIN_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters`);
  if (adminToken !== undefined && adminToken === edgeToken) fail('ARGUS_ADMIN_TOKEN', 'must differ from ARGUS_EDGE_TOKEN');

  const org = text(env, 'ARGUS_ORG') ?? 'default';
  if (!isSlug(org)) fail('ARGUS_ORG', `must be a slug (lowercase letters, digits, '-'), got ${JSON.stringify(org)}`);

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
  return Object.freeze({
    port: port(env, 'PORT', 8080),
    host: text(env, 'HOST') ?? '127.0.0.1', // loopback unless asked: the embedded default is a one-machine setup
    databaseUrl,
    dataDir,
    embeddedPostgresDir: path.resolve(cwd, text(env, 'ARGUS_PG_DIR') ?? path.join(dataDir, 'postgres')),
    edgeToken,
    adminToken,
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
    org,
    mediaSecret,
    s3: s3 && Object.freeze(s3),
    consoleDir: path.resolve(cwd, text(env, 'ARGUS_CONSOLE_DIR') ?? DEFAULT_CONSOLE_DIR),
    logLevel,
  });
}
