import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import type { CameraUrls } from './simulated-camera.js';
import type { Simulator } from './simulator.js';

/** What `--manifest` writes: enough for a test harness or an edge agent config to find every camera. */
export interface SimulatorManifest {
  readonly rtsp: { readonly host: string; readonly port: number };
  readonly cameras: ReadonlyArray<{ readonly id: string; readonly online: boolean; readonly urls: CameraUrls }>;
}

export function buildManifest(simulator: Simulator): SimulatorManifest {
  return {
    rtsp: { host: simulator.host, port: simulator.port },
    cameras: simulator.cameraIds().map((id) => ({ id, online: simulator.isCameraOnline(id), urls: simulator.cameraUrls(id) })),
  };
}

/** Writes the manifest atomically (readers never see half a file); owner-only, since URLs carry credentials. */
export async function writeManifest(path: string, manifest: SimulatorManifest): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}
