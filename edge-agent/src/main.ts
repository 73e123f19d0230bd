#!/usr/bin/env node
import { hostname } from 'node:os';
import { isArgusError, isSlug } from '@argus/core';
import { createLogger, ffmpegBinaries, runUntilSignal } from '@argus/runtime';
import { discoverOnvif } from './adapters/onvif/onvif-discovery.js';
import { AGENT_VERSION } from './control/agent-links.js';
import { createAgentFromConfigFile } from './control/agent-from-config-file.js';
import { camerasFileFor, readCameraList, upsertCamera, writeCameraList } from './control/camera-list-file.js';
import { cameraFromOnvif, cameraFromRtsp, publicCamera, type Onboarded } from './control/onboard-camera.js';
import { defaultCredentialFile, writeCredentialFile } from './enrollment/credential-file.js';
import { enrollAgent } from './enrollment/enroll.js';

const USAGE = `usage:
  argus-edge run --config <file.json>
  argus-edge enroll --cloud <url> --token <token> [--config <file.json> | --credential-file <file>] [--name <name>]
  argus-edge discover [--timeout <ms>] [--target <host:port> ...]
  argus-edge add-camera --config <file.json> --id <id> [--name <name>]
                        (--onvif <device service url> | --rtsp <url> [--sub <url>]) [--user <u>] [--password <p>]

run         records the configured cameras (and those of cameras.json beside the
            configuration), detects motion on them, and uploads their segments
            and events to the cloud; sends heartbeats and keeps the control
            channel open.
enroll      trades a one-time enrollment token for this agent's credential,
            written with mode 0600 to --credential-file, or <dataDir>/credential.json
            of --config; \`run\` uses it when the configuration has no cloud.token.
discover    lists ONVIF cameras answering WS-Discovery: a multicast Probe on the
            local network, or unicast Probes to each --target (for networks
            without multicast); --timeout is how long answers are collected (ms).
add-camera  adds (or replaces) a camera in cameras.json beside the configuration;
            a running agent picks it up when the cloud adds it, else at its next
            start. With --onvif, the camera's profiles are read: the highest
            resolution is recorded (main), the lowest kept for detection (sub),
            with the snapshot URI; --user/--password go into the stream URLs.

The configuration format is described in docs/edge-agent.md.`;

/** `--name value` pairs; repeated flags collect (for --target). */
function flags(argv: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
    out.set(arg.slice(2), [...(out.get(arg.slice(2)) ?? []), value]);
    i++;
  }
  return out;
}

const one = (f: Map<string, string[]>, name: string): string | undefined => f.get(name)?.at(-1);
const required = (f: Map<string, string[]>, name: string): string => {
  const v = one(f, name);
  if (v === undefined) throw new Error(`missing --${name}\n${USAGE}`);
  return v;
};

async function enroll(f: Map<string, string[]>): Promise<void> {
  const cloud = required(f, 'cloud');
  const token = required(f, 'token');
  let file = one(f, 'credential-file');
  if (file === undefined) {
    const configPath = one(f, 'config') ?? process.env.ARGUS_EDGE_CONFIG;
    if (!configPath) throw new Error(`give --credential-file or --config (its dataDir holds credential.json)\n${USAGE}`);
    const raw = JSON.parse(await (await import('node:fs/promises')).readFile(configPath, 'utf8')) as { dataDir?: unknown; credentialFile?: unknown };
    if (typeof raw.credentialFile === 'string') file = raw.credentialFile;
    else if (typeof raw.dataDir === 'string') file = defaultCredentialFile(raw.dataDir);
    else throw new Error(`${configPath} has no dataDir; give --credential-file`);
  }
  const result = await enrollAgent({ cloud, token, name: one(f, 'name') ?? hostname(), version: AGENT_VERSION });
  await writeCredentialFile(file, { cloud, ...result, enrolledAt: new Date().toISOString() });
  console.log(JSON.stringify({ agentId: result.agentId, orgId: result.orgId, siteId: result.siteId, credentialFile: file }));
}

async function discover(f: Map<string, string[]>): Promise<void> {
  const targets = (f.get('target') ?? []).map((t) => {
    const m = /^(.+):(\d{1,5})$/.exec(t);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`--target must be host:port, got ${JSON.stringify(t)}`);
    return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) };
  });
  const timeoutMs = Number(one(f, 'timeout') ?? 3000);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000) throw new Error('--timeout must be a number of ms from 100 to 60000');
  const devices = await discoverOnvif({ timeoutMs, ...(targets.length > 0 ? { targets } : {}) });
  console.log(JSON.stringify({ devices }, null, 2));
}

async function addCamera(f: Map<string, string[]>): Promise<void> {
  const configPath = required(f, 'config');
  const id = required(f, 'id');
  if (!isSlug(id)) throw new Error(`--id ${JSON.stringify(id)} must be a lowercase slug (letters, digits, '-')`);
  const name = one(f, 'name') ?? id;
  const rtsp = one(f, 'rtsp');
  const onvifUrl = one(f, 'onvif');
  const username = one(f, 'user');
  const password = one(f, 'password');
  let onboarded: Onboarded;
  if (onvifUrl !== undefined && rtsp !== undefined) {
    throw new Error(`give --onvif or --rtsp, not both\n${USAGE}`);
  } else if (onvifUrl !== undefined) {
    onboarded = await cameraFromOnvif({ id, name, url: onvifUrl, username, password });
  } else if (rtsp !== undefined) {
    onboarded = { camera: cameraFromRtsp({ id, name, main: rtsp, sub: one(f, 'sub'), username, password }) };
  } else {
    throw new Error(`give --rtsp <url> or --onvif <device url>\n${USAGE}`);
  }
  const file = camerasFileFor(configPath);
  await writeCameraList(file, upsertCamera(await readCameraList(file), onboarded.camera));
  // The stored URLs carry the credentials; what is printed never does.
  console.log(JSON.stringify({ camerasFile: file, camera: publicCamera(onboarded) }, null, 2));
}

/**
 * `run`: the agent. Cloud commands change its camera registry, which keeps
 * the change in cameras.json beside the configuration and applies it to the
 * running cameras: only what changed restarts (camera/camera-registry.ts).
 */
async function run(f: Map<string, string[]>): Promise<void> {
  const configPath = one(f, 'config') ?? process.env.ARGUS_EDGE_CONFIG;
  if (!configPath) throw new Error(`missing --config <file>\n${USAGE}`);
  const agent = await createAgentFromConfigFile(configPath, { logger: createLogger({ name: 'argus-edge' }), ffmpegPath: ffmpegBinaries().ffmpeg });
  await runUntilSignal([agent]);
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    console.log(USAGE);
    return;
  }
  const f = flags(rest);
  switch (command) {
    case 'run':
      return run(f);
    case 'enroll':
      return enroll(f);
    case 'discover':
      return discover(f);
    case 'add-camera':
      return addCamera(f);
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Catalogue errors lead with their code, so scripts can tell auth from reachability failures.
  console.error(isArgusError(err) ? `argus-edge: ${err.code}: ${err.message}` : err instanceof Error ? `argus-edge: ${err.message}` : err);
  process.exit(1);
});
