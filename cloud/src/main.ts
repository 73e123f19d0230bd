import { createLogger, runUntilSignal } from '@argus/runtime';
import { runCloudCli } from './cli-args.js';
import { loadCloudConfig } from './config.js';
import { isCloudError } from './errors.js';
import { createCloud } from './server.js';

/**
 * argus-cloud: reads its configuration from the environment, starts
 * (embedded PostgreSQL when DATABASE_URL is unset,) the API and console
 * host, and runs until SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  // --help, --version and subcommands need no configuration.
  const cli = await runCloudCli(process.argv.slice(2));
  if (cli !== 'serve') {
    process.exitCode = cli;
    return;
  }
  let config;
  try {
    config = loadCloudConfig(process.env);
  } catch (err) {
    if (isCloudError(err, 'CLD_ERR_CONFIG')) {
      console.error(`argus-cloud: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({ name: 'argus-cloud', level: config.logLevel });
  try {
    await runUntilSignal([createCloud(config, { logger })]);
  } catch (err) {
    logger.fatal({ err }, 'argus-cloud failed to start');
    process.exit(1);
  }
}

void main();
