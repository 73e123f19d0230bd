#!/usr/bin/env node
import { createLogger, runUntilSignal } from '@argus/runtime';
import { isArgusError } from '@argus/core';
import { loadEdgeConfigFile } from './config.js';
import { createEdgeAgent } from './edge-agent.js';

const USAGE = `usage: argus-edge run --config <file.json>

Records the configured cameras and uploads their segments to the cloud.
The configuration format is described in docs/edge-agent.md.`;

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    console.log(USAGE);
    return;
  }
  if (command !== 'run') throw new Error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
  const flag = rest.indexOf('--config');
  const path = flag >= 0 ? rest[flag + 1] : process.env.ARGUS_EDGE_CONFIG;
  if (!path) throw new Error(`missing --config <file>\n${USAGE}`);
  const config = await loadEdgeConfigFile(path);
  const logger = createLogger({ name: 'argus-edge' });
  await runUntilSignal([createEdgeAgent(config, { logger })]);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(isArgusError(err) ? `argus-edge: ${err.message}` : err);
  process.exit(1);
});
