import type { Logger } from '@argus/runtime';
import { loadEdgeConfigFile } from '../config.js';
import { createEdgeAgent, type EdgeAgent } from '../edge-agent.js';
import type { AgentLinksOptions } from './agent-links.js';
import { camerasFileFor } from './camera-list-file.js';

/**
 * The agent of `argus-edge run --config <file>`: the configuration file with
 * its credential and the cameras of cameras.json beside it. When a cloud
 * command changes cameras.json, the file is read again and the merged camera
 * list applied to the running agent, so only the cameras that changed start
 * or stop. Tests build the agent through here to run what `run` runs.
 */
export async function createAgentFromConfigFile(
  configPath: string,
  options: {
    readonly logger: Logger;
    readonly ffmpegPath?: string;
    /** Environment for ARGUS_EDGE_TOKEN; default process.env. */
    readonly env?: NodeJS.ProcessEnv;
    readonly links?: Omit<AgentLinksOptions, 'camerasFile' | 'onCamerasChanged'>;
  },
): Promise<EdgeAgent> {
  const { logger } = options;
  const env = options.env ?? process.env;
  const agent: EdgeAgent = createEdgeAgent(await loadEdgeConfigFile(configPath, env), {
    logger,
    ...(options.ffmpegPath === undefined ? {} : { ffmpegPath: options.ffmpegPath }),
    links: {
      ...options.links,
      camerasFile: camerasFileFor(configPath),
      onCamerasChanged: async () => {
        try {
          await agent.applyCameras((await loadEdgeConfigFile(configPath, env)).cameras);
        } catch (err) {
          logger.error({ err }, 'could not apply the new camera list; recording goes on with the old one');
        }
      },
    },
  });
  return agent;
}
