#!/usr/bin/env -S npx tsx
import { isArgusError, redactCredentials } from '@argus/core';
import { createLogger, runUntilSignal } from '@argus/runtime';
import { parseCliArgs, USAGE, type CliConfig } from './cli-args.js';
import { createSimulator } from './simulator.js';
import { buildManifest, controlUrl, writeManifest } from './simulator-manifest.js';

/** argus-sim: starts the cameras, prints their URLs, runs until SIGINT/SIGTERM. */
async function main(argv: readonly string[]): Promise<void> {
  let config: CliConfig;
  try {
    config = parseCliArgs(argv);
  } catch (err) {
    process.stderr.write(`argus-sim: ${isArgusError(err) ? err.message : String(err)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config.help) {
    process.stdout.write(USAGE);
    return;
  }
  // Logs go to stderr so stdout carries only the URL list (scripts can read it).
  const logger = createLogger({ name: 'argus-sim', level: config.logLevel, destination: process.stderr });
  const simulator = createSimulator({ ...config.simulator, logger });
  try {
    await runUntilSignal([simulator]);
  } catch (err) {
    logger.fatal({ err }, 'argus-sim failed to start');
    await simulator.stop();
    process.exit(1);
  }
  for (const { cameraId, fault } of config.faults) simulator.setFault(cameraId, fault);
  if (simulator.controlPort > 0) process.stdout.write(`control ${controlUrl(simulator)}\n`);
  const manifest = buildManifest(simulator);
  const first = config.simulator.cameras[0];
  if (first?.username !== undefined) {
    // Every camera shares the credentials given on the command line (RTSP, ONVIF and snapshots).
    const password = config.printCredentials ? first.password : '*** (as given with --password; --print-credentials shows it)';
    process.stdout.write(`credentials user ${first.username} password ${password}\n`);
  }
  for (const camera of manifest.cameras) {
    for (const [stream, url] of Object.entries(camera.urls)) {
      process.stdout.write(`${camera.id} ${stream} ${config.printCredentials ? url : redactCredentials(url)}\n`);
    }
  }
  if (config.manifestPath) {
    await writeManifest(config.manifestPath, manifest);
    logger.info({ path: config.manifestPath }, 'manifest written');
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`argus-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
