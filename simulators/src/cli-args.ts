import { parseArgs } from 'node:util';
import type { RtspAuthScheme } from './rtsp/rtsp-auth.js';
import type { CameraConfig } from './simulated-camera.js';
import { DEFAULT_HOST, DEFAULT_RTSP_PORT, type SimulatorOptions } from './simulator.js';
import { SIM_ERRORS, simError } from './simulator-errors.js';

export const USAGE = `Usage: argus-sim [options]

Simulated RTSP cameras from a looping video file.

Options:
  --cameras <n>          number of cameras, 1..500 (default 1)
  --port <port>          RTSP port, 0 for an ephemeral one (default ${DEFAULT_RTSP_PORT})
  --host <address>       address to listen on (default ${DEFAULT_HOST})
  --scene <file>         video file to loop (default: the shared car clip, else a synthetic scene)
  --synthetic            use the generated test-pattern scene
  --user <name>          RTSP username (needs --password)
  --password <secret>    RTSP password (needs --user)
  --auth <scheme>        both | digest | basic (default both)
  --id-prefix <prefix>   camera ids are <prefix>-1, <prefix>-2, ... (default cam)
  --manifest <path>      write a JSON manifest of cameras and URLs
  --cache-dir <dir>      encoded scene cache (default <tmpdir>/argus-sim-cache)
  --session-timeout <s>  RTSP session timeout in seconds (default 60)
  --print-credentials    print URLs with passwords (they are masked otherwise)
  --log-level <level>    pino level (default info)
  -h, --help             show this help
`;

export interface CliConfig {
  readonly help: boolean;
  readonly simulator: SimulatorOptions;
  readonly manifestPath: string | undefined;
  readonly printCredentials: boolean;
  readonly logLevel: string;
}

const AUTH_SCHEMES: readonly RtspAuthScheme[] = ['both', 'digest', 'basic'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw simError(SIM_ERRORS.config, `--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** Parses argus-sim's command line into simulator options (pure; throws SIM_ERR_CONFIG with a clear message). */
export function parseCliArgs(argv: readonly string[]): CliConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        cameras: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        scene: { type: 'string' },
        synthetic: { type: 'boolean' },
        user: { type: 'string' },
        password: { type: 'string' },
        auth: { type: 'string' },
        'id-prefix': { type: 'string' },
        manifest: { type: 'string' },
        'cache-dir': { type: 'string' },
        'session-timeout': { type: 'string' },
        'print-credentials': { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw simError(SIM_ERRORS.config, err instanceof Error ? err.message : String(err), err);
  }
  const fail = (message: string): never => {
    throw simError(SIM_ERRORS.config, message);
  };
  const count = integer('cameras', values.cameras, 1, 1, 500);
  const port = integer('port', values.port, DEFAULT_RTSP_PORT, 0, 65535);
  const sessionTimeoutSeconds = integer('session-timeout', values['session-timeout'], 60, 1, 3600);
  if ((values.user === undefined) !== (values.password === undefined)) fail('--user and --password go together');
  if (values.user !== undefined && (values.user === '' || values.user.includes(':'))) fail('--user must be non-empty and must not contain ":"');
  const auth = values.auth ?? 'both';
  if (!(AUTH_SCHEMES as readonly string[]).includes(auth)) fail(`--auth must be one of ${AUTH_SCHEMES.join(', ')}, got ${JSON.stringify(auth)}`);
  if (values.scene !== undefined && values.synthetic) fail('--scene and --synthetic exclude each other');
  const prefix = values['id-prefix'] ?? 'cam';
  if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(prefix)) fail(`--id-prefix must be lowercase letters, digits and '-', got ${JSON.stringify(prefix)}`);
  const logLevel = values['log-level'] ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) fail(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const scene: CameraConfig['scene'] = values.synthetic ? { kind: 'synthetic' } : values.scene;
  const cameras: CameraConfig[] = Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i + 1}`,
    ...(values.user !== undefined && values.password !== undefined
      ? { username: values.user, password: values.password, authScheme: auth as RtspAuthScheme }
      : {}),
    ...(scene === undefined ? {} : { scene }),
  }));
  return {
    help: values.help ?? false,
    simulator: {
      cameras,
      port,
      host: values.host ?? DEFAULT_HOST,
      sessionTimeoutSeconds,
      ...(values['cache-dir'] === undefined ? {} : { cacheDir: values['cache-dir'] }),
    },
    manifestPath: values.manifest,
    printCredentials: values['print-credentials'] ?? false,
    logLevel,
  };
}
