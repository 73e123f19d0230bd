import type { Logger } from '@argus/runtime';
import { loadEdgeConfigFile } from '../config.js';
import { createEdgeAgent, type EdgeAgent } from '../edge-agent.js';
import type { AgentLinksOptions } from './agent-links.js';
import { camerasFileFor } from './camera-list-file.js';

/**
 * The agent of `argus-edge run --config <file>`: the configuration file with
 * its credential and the cameras of cameras.json beside it, which is also
 * where the camera registry keeps the changes cloud commands make. Tests
 * build the agent through here to run what `run` runs.
 */
export async function createAgentFromConfigFile(
  configPath: string,
  options: {
    readonly logger: Logger;
    readonly ffmpegPath?: string;
    /** Environment for ARGUS_EDGE_TOKEN; default process.env. */
    readonly env?: NodeJS.ProcessEnv;
    readonly links?: AgentLinksOptions;
  },
): Promise<EdgeAgent> {
  const env = options.env ?? process.env;
  return createEdgeAgent(await loadEdgeConfigFile(configPath, env), {
    logger: options.logger,
    camerasFile: camerasFileFor(configPath),
    ...(options.ffmpegPath === undefined ? {} : { ffmpegPath: options.ffmpegPath }),
    ...(options.links === undefined ? {} : { links: options.links }),
  });
}
