import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import type { CameraUrls } from './simulated-camera.js';
import type { Simulator } from './simulator.js';

/** What `--manifest` writes: enough for a test harness or an edge agent config to find every camera. */
export interface SimulatorManifest {
  readonly rtsp: { readonly host: string; readonly port: number };
  /** The ONVIF HTTP server; each camera's device service URL is `urls.onvif`. */
  readonly onvif: { readonly host: string; readonly port: number };
  readonly cameras: ReadonlyArray<{ readonly id: string; readonly online: boolean; readonly urls: CameraUrls }>;
  /** Base URL of the control API (faults, status); absent when it is off. */
  readonly controlUrl?: string;
}

export function buildManifest(simulator: Simulator): SimulatorManifest {
  return {
    rtsp: { host: simulator.host, port: simulator.port },
    onvif: { host: simulator.host, port: simulator.onvifPort },
    cameras: simulator.cameraIds().map((id) => ({ id, online: simulator.isCameraOnline(id), urls: simulator.cameraUrls(id) })),
    ...(simulator.controlPort > 0 ? { controlUrl: controlUrl(simulator) } : {}),
  };
}

/** The control API's base URL (it listens on loopback unless configured otherwise). */
export function controlUrl(simulator: Simulator): string {
  return `http://127.0.0.1:${simulator.controlPort}`;
}

/** Writes the manifest atomically (readers never see half a file); owner-only, since URLs carry credentials. */
export async function writeManifest(path: string, manifest: SimulatorManifest): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}
