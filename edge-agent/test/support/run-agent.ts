import { readFile } from 'node:fs/promises';
import { createLogger } from '@argus/runtime';
import { createEdgeAgent, parseEdgeConfig } from '../../src/index.js';

/**
 * An edge agent in its own process, for tests that kill it for real
 * (`node --import tsx run-agent.ts <config.json>`). Logs go to stdout.
 */
const config = parseEdgeConfig(JSON.parse(await readFile(process.argv[2]!, 'utf8')));
const agent = createEdgeAgent(config, { logger: createLogger({ name: 'edge-child', level: 'info' }) });
await agent.start();
process.stdout.write('AGENT-STARTED\n');
