import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DetectionSettings } from '@argus/contracts';
import { EdgeError, EdgeErrorCode } from '../errors.js';

/**
 * A camera of `cameras.json`: added or changed at run time (by a cloud
 * command or `argus-edge add-camera`). The file is the camera registry's
 * persistence (camera/camera-registry.ts), read at start; a running agent
 * never watches it. `main` and `sub` may carry credentials: the file is
 * 0600 and never logged.
 */
export interface StoredCamera {
  readonly id: string;
  readonly name: string;
  /** RTSP URL recorded. */
  readonly main: string;
  /** RTSP URL for detection (lower resolution), when known. */
  readonly sub?: string;
  readonly snapshotUri?: string;
  /** ONVIF device service, for PTZ and snapshots. */
  readonly onvif?: { readonly url: string; readonly username?: string; readonly password?: string; readonly profileToken?: string };
  /** Motion detection settings, when they differ from DEFAULT_DETECTION (configure-detection). */
  readonly detect?: DetectionSettings;
}

export const CAMERAS_FILE_NAME = 'cameras.json';

/** `cameras.json` beside the configuration file. */
export function camerasFileFor(configPath: string): string {
  return join(dirname(configPath), CAMERAS_FILE_NAME);
}

export async function readCameraList(path: string): Promise<StoredCamera[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new EdgeError(EdgeErrorCode.config, `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const value = JSON.parse(text) as { cameras?: unknown };
    if (!Array.isArray(value.cameras)) throw new Error('no "cameras" array');
    return value.cameras as StoredCamera[];
  } catch (err) {
    throw new EdgeError(EdgeErrorCode.config, `${path} is not a camera list: ${(err as Error).message}`, { cause: err });
  }
}

/** Atomic replace (temp + rename), mode 0600. */
export async function writeCameraList(path: string, cameras: readonly StoredCamera[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ cameras }, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** Adds or replaces by id, keeping the order of first appearance. */
export function upsertCamera(list: readonly StoredCamera[], camera: StoredCamera): StoredCamera[] {
  const i = list.findIndex((c) => c.id === camera.id);
  return i < 0 ? [...list, camera] : list.map((c, j) => (j === i ? camera : c));
}

/**
 * The configured cameras with the stored ones merged in: a stored camera
 * replaces a configured one of the same id (the later, explicit change wins).
 */
export function mergeCameras<T extends { readonly id: string }>(configured: readonly T[], stored: readonly T[]): T[] {
  let merged = [...configured];
  for (const camera of stored) {
    const i = merged.findIndex((c) => c.id === camera.id);
    merged = i < 0 ? [...merged, camera] : merged.map((c, j) => (j === i ? camera : c));
  }
  return merged;
}
