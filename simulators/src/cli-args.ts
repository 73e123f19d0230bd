import { parseArgs } from 'node:util';
import type { RtspAuthScheme } from './rtsp/rtsp-auth.js';
import type { CameraConfig } from './simulated-camera.js';
import { DEFAULT_HOST, DEFAULT_RTSP_PORT, type SimulatorOptions } from './simulator.js';
import { SIM_ERRORS, simError } from './simulator-errors.js';
import { FaultInputError, parseFaultFlag, type Fault } from './faults/fault-spec.js';

export const DEFAULT_CONTROL_PORT = 8002; // used by the CLI: the control API (the library starts none unless asked)
import { WS_DISCOVERY_PORT } from './discovery/ws-discovery-responder.js';
import { DEFAULT_ONVIF_PORT } from './onvif/onvif-server.js';

export const USAGE = `Usage: argus-sim [options]

Simulated RTSP cameras from a looping video file.

Options:
  --cameras <n>          number of cameras, 1..500 (default 1)
  --port <port>          RTSP port, 0 for an ephemeral one (default ${DEFAULT_RTSP_PORT})
  --host <address>       address to listen on (default ${DEFAULT_HOST})
  --onvif-port <port>    ONVIF HTTP port, 0 for an ephemeral one (default ${DEFAULT_ONVIF_PORT}, or 0 with --port 0)
  --control-port <port>  HTTP control API (faults, status) on 127.0.0.1, 0 for an ephemeral one
                         (default ${DEFAULT_CONTROL_PORT}, or 0 with --port 0)
  --fault <spec>         start with a fault, repeatable: <camera>:<kind>[:name=value,...]
                         e.g. cam-2:drop-rtp, cam-1:bitrate-spike:factor=4,durationMs=10000
  --discovery            answer WS-Discovery probes (multicast 239.255.255.250, UDP ${WS_DISCOVERY_PORT})
  --scene <name|file>    built-in scene with ground truth (parking-lot, corridor, night-ir, dimming,
                         light-switch), a scene script (*.json) or a video file to loop (default: the shared car
                         clip, else a synthetic scene)
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
  /** Faults to set once the simulator has started (--fault). */
  readonly faults: ReadonlyArray<{ readonly cameraId: string; readonly fault: Fault }>;
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
        'onvif-port': { type: 'string' },
        'control-port': { type: 'string' },
        fault: { type: 'string', multiple: true },
        discovery: { type: 'boolean' },
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
      ...(values['onvif-port'] === undefined ? {} : { onvifPort: integer('onvif-port', values['onvif-port'], DEFAULT_ONVIF_PORT, 0, 65535) }),
      controlPort: integer('control-port', values['control-port'], port === 0 ? 0 : DEFAULT_CONTROL_PORT, 0, 65535),
      ...(values.discovery ? { discovery: { port: WS_DISCOVERY_PORT, multicast: true } } : {}),
    },
    manifestPath: values.manifest,
    printCredentials: values['print-credentials'] ?? false,
    faults: (values.fault ?? []).map((text) => {
      try {
        const parsed = parseFaultFlag(text);
        if (!cameras.some((c) => c.id === parsed.cameraId)) fail(`--fault ${text}: no camera ${parsed.cameraId}`);
        return parsed;
      } catch (err) {
        if (err instanceof FaultInputError) fail(`--fault ${text}: ${err.message}`);
        throw err;
      }
    }),
    logLevel,
  };
}
