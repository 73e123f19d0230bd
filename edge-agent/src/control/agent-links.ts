import type { Logger, Service } from '@argus/runtime';
import type { CloudClient } from '../adapters/uplink/cloud-client.js';
import type { CameraRegistry } from '../camera/camera-registry.js';
import type { EdgeConfig } from '../config.js';
import type { EdgeStatus } from '../edge-agent.js';
import { HeartbeatClient } from '../heartbeat/heartbeat-client.js';
import { createCommandHandler } from './command-handlers.js';
import { ControlClient } from './control-client.js';
import { LivePushes } from './live-pushes.js';

/** The agent's version as reported in heartbeats (the package version). */
export const AGENT_VERSION = '0.1.0';

/** Options of the agent's links to the cloud (EdgeAgentOptions carries them). */
export interface AgentLinksOptions {
  /** Off for tests that drive the cloud themselves; default on. */
  readonly heartbeat?: boolean;
  readonly control?: boolean;
  readonly version?: string;
  /** Control channel reconnect pauses; default 1 s doubling to 30 s, ±30 %. */
  readonly controlReconnect?: { readonly initialMs: number; readonly maxMs: number; readonly jitter: number };
}

/**
 * Heartbeat and control channel of one agent, as one Service: started after
 * the recorders (the first heartbeat then reports them), stopped before.
 */
export function createAgentLinks(input: {
  readonly config: EdgeConfig;
  readonly client: CloudClient;
  readonly status: () => EdgeStatus;
  /** What camera commands read and change. */
  readonly registry: CameraRegistry;
  readonly ffmpegPath: string;
  readonly logger: Logger;
  readonly options?: AgentLinksOptions;
}): Service & { readonly heartbeat: HeartbeatClient | undefined; readonly control: ControlClient | undefined } {
  const { config, client, logger } = input;
  const options = input.options ?? {};
  const heartbeat = options.heartbeat === false ? undefined : new HeartbeatClient({
    send: (body) => client.heartbeat(body),
    status: input.status,
    version: options.version ?? AGENT_VERSION,
    intervalMs: config.heartbeatSeconds * 1000,
    logger,
  });
  const live = options.control === false ? undefined : new LivePushes({ ffmpegPath: input.ffmpegPath, logger });
  const control = options.control === false ? undefined : new ControlClient({
    ...client.endpoint,
    reconnect: options.controlReconnect ?? { initialMs: 1000, maxMs: 30_000, jitter: 0.3 },
    logger,
    handle: createCommandHandler({
      orgId: config.orgId,
      client,
      ffmpegPath: input.ffmpegPath,
      ...(live ? { live } : {}),
      registry: input.registry,
      logger,
    }),
  });
  return {
    heartbeat,
    control,
    async start() {
      await heartbeat?.start();
      await control?.start();
    },
    async stop() {
      await control?.stop();
      await live?.stop(); // a stopping agent pushes nothing
      await heartbeat?.stop();
    },
  };
}
