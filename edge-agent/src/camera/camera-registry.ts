import { DEFAULT_DETECTION, objectSettingsOf, type DetectionSettings } from '@argus/contracts';
import type { Logger, Service } from '@argus/runtime';
import type { StreamName } from '@argus/core';
import type { TsGopCache } from '../core/ts-gop-cache.js';
import { parseCameraConfig, type CameraConfig } from '../config.js';
import { mergeCameras, readCameraList, writeCameraList, type StoredCamera } from '../control/camera-list-file.js';
import { EdgeError, EdgeErrorCode } from '../errors.js';

/**
 * A camera as the agent knows it: what it runs (CameraConfig: streams and
 * detection settings) and what onboarding learnt about it (snapshot URI,
 * ONVIF service for PTZ).
 */
export interface CameraRecord extends CameraConfig {
  readonly snapshotUri?: string;
  readonly onvif?: StoredCamera['onvif'];
}

/** What the registry needs of a running camera (camera/camera-unit.ts). */
export interface CameraUnitHandle extends Service {
  /** Applies a changed record to the running camera, restarting only the parts the change concerns. */
  update(next: CameraRecord): Promise<void>;
  /** The running copy of a stream with its newest GOP (core's TsGopCache), when the camera keeps one. */
  liveTap?(stream: StreamName): TsGopCache | undefined;
}

export interface CameraRegistryOptions {
  /** The cameras of the configuration file (cameras.json already merged in or not: the file is read again at open()). */
  readonly configured: readonly CameraConfig[];
  /** cameras.json: read at open(), rewritten after every change a command makes; undefined keeps changes in memory. */
  readonly camerasFile?: string;
  /** Builds the running part of a camera; without it the registry only keeps the list (tests of the commands). */
  readonly createUnit?: (camera: CameraRecord) => CameraUnitHandle;
  readonly logger: Logger;
}

/** A change as listeners see it: the camera after it, or undefined when it was removed. */
export type CameraChangeListener = (cameraId: string, camera: CameraRecord | undefined) => void;

/**
 * The single source of truth for the agent's cameras.
 *
 * It holds the list (configured cameras, with the stored ones of
 * cameras.json over them), owns one unit per camera, and is what cloud
 * commands change: `upsert` (add-camera / update-camera),
 * `configureDetection`, and `replaceAll` for an embedding program. A change
 * is written to cameras.json first (so a change the disk refuses changes
 * nothing), then applied to the units: a new camera starts, a removed one
 * stops, a changed one is told what changed (the unit restarts only what
 * the change concerns). Changes run one at a time, in order.
 *
 * cameras.json keeps every camera a command has touched, with its full
 * record, and `detect` only when it differs from DEFAULT_DETECTION (so a
 * camera nobody tuned follows a new default).
 */
export class CameraRegistry implements Service {
  private readonly options: CameraRegistryOptions;
  private readonly log: Logger;
  private readonly records = new Map<string, CameraRecord>();
  /** Ids whose record lives in cameras.json. */
  private readonly stored = new Set<string>();
  private readonly unitsById = new Map<string, CameraUnitHandle>();
  private readonly listeners = new Set<CameraChangeListener>();
  private changes: Promise<unknown> = Promise.resolve();
  private opened = false;
  private started = false;
  private stopped = false;

  constructor(options: CameraRegistryOptions) {
    this.options = options;
    this.log = options.logger.child({ component: 'camera-registry' });
    for (const camera of options.configured) this.records.set(camera.id, camera);
  }

  /** Reads cameras.json over the configured cameras and builds the units (not started). Throws EDGE_ERR_CONFIG for a bad record. */
  async open(): Promise<void> {
    if (this.opened) return;
    this.opened = true;
    const file = this.options.camerasFile;
    const stored = file === undefined ? [] : await readCameraList(file);
    const parsed = stored.map((raw, i) => ({ ...parseCameraConfig(raw, `${file}: cameras[${i}]`), ...extrasOf(raw) }));
    const merged = mergeCameras([...this.records.values()], parsed);
    this.records.clear();
    for (const camera of merged) this.records.set(camera.id, camera);
    for (const camera of parsed) this.stored.add(camera.id);
    for (const camera of merged) this.addUnit(camera);
  }

  /** Starts every camera's unit, in list order. */
  async start(): Promise<void> {
    await this.open();
    this.started = true;
    for (const unit of this.unitsById.values()) await unit.start();
  }

  /** Waits for a change in progress, then stops every unit (in parallel). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.changes.catch(() => undefined);
    await Promise.all([...this.unitsById.values()].map((unit) => unit.stop()));
  }

  /** The cameras, in list order. */
  list(): CameraRecord[] {
    return [...this.records.values()];
  }

  get(cameraId: string): CameraRecord | undefined {
    return this.records.get(cameraId);
  }

  /** The live tap of a camera's stream (CameraUnitHandle.liveTap), or undefined. */
  liveTap(cameraId: string, stream: StreamName): TsGopCache | undefined {
    return this.unitsById.get(cameraId)?.liveTap?.(stream);
  }

  /** The camera, or EDGE_ERR_UNKNOWN_CAMERA. */
  require(cameraId: string): CameraRecord {
    const camera = this.records.get(cameraId);
    if (!camera) throw new EdgeError(EdgeErrorCode.unknownCamera, `no camera ${cameraId} on this agent`);
    return camera;
  }

  /** The running units, in list order. */
  units<U extends CameraUnitHandle = CameraUnitHandle>(): Array<{ readonly camera: CameraRecord; readonly unit: U }> {
    return [...this.records.values()].flatMap((camera) => {
      const unit = this.unitsById.get(camera.id);
      return unit ? [{ camera, unit: unit as U }] : [];
    });
  }

  /** Calls `fn` after every change applied (the uploader re-announces the camera). */
  onChange(fn: CameraChangeListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * add-camera / update-camera: `camera` is the whole new record. `add`
   * refuses a known id (EDGE_ERR_COMMAND_ARGS), `update` an unknown one
   * (EDGE_ERR_UNKNOWN_CAMERA). Resolves once persisted and applied.
   */
  upsert(camera: CameraRecord, mode: 'add' | 'update'): Promise<void> {
    return this.change(async () => {
      const known = this.records.has(camera.id);
      if (mode === 'add' && known) throw new EdgeError(EdgeErrorCode.commandArgs, `camera ${camera.id} exists; use update-camera`);
      if (mode === 'update' && !known) throw new EdgeError(EdgeErrorCode.unknownCamera, `no camera ${camera.id} on this agent; use add-camera`);
      await this.persist(camera);
      await this.apply(camera);
      this.log.info({ cameraId: camera.id, mode }, 'camera list changed');
    });
  }

  /**
   * configure-detection: new settings for a running camera, applied at once
   * (its unit restarts only the frame decoder, and only when the frame rate
   * or size changed) and kept in cameras.json. Resolves with the stream it
   * detects on.
   */
  configureDetection(cameraId: string, detect: DetectionSettings): Promise<{ stream: 'sub' | 'main' }> {
    return this.change(async () => {
      const camera = { ...this.require(cameraId), detect: { ...detect } };
      await this.persist(camera);
      await this.apply(camera);
      this.log.info({ cameraId, enabled: detect.enabled, fps: detect.fps, height: detect.height }, 'detection settings changed');
      return { stream: camera.sub === undefined ? ('main' as const) : ('sub' as const) };
    });
  }

  /**
   * Runs exactly these cameras from now on (an embedding program's list; not
   * written to cameras.json): new ones start, removed ones stop, changed
   * ones are updated; the others run on untouched.
   */
  replaceAll(cameras: readonly CameraRecord[]): Promise<void> {
    return this.change(async () => {
      const wanted = new Set(cameras.map((c) => c.id));
      for (const id of [...this.records.keys()]) {
        if (wanted.has(id)) continue;
        this.records.delete(id);
        const unit = this.unitsById.get(id);
        this.unitsById.delete(id);
        await unit?.stop();
        this.log.info({ cameraId: id }, 'camera removed; recording stopped');
        this.notify(id, undefined);
      }
      // What onboarding learnt (ONVIF service, snapshot URI) stays with a camera the new list still has.
      for (const camera of cameras) await this.apply({ ...extrasOf(this.records.get(camera.id) ?? {}), ...camera });
    });
  }

  private change<T>(work: () => Promise<T>): Promise<T> {
    const next = this.changes.catch(() => undefined).then(() => {
      if (this.stopped) throw new EdgeError(EdgeErrorCode.commandFailed, 'the agent is stopping');
      return work();
    });
    this.changes = next;
    return next;
  }

  /** Adds or updates a camera's record and unit; a record equal to the current one changes nothing. */
  private async apply(camera: CameraRecord): Promise<void> {
    const before = this.records.get(camera.id);
    if (before && sameRecord(before, camera)) return;
    this.records.set(camera.id, camera);
    const unit = this.unitsById.get(camera.id);
    if (unit) {
      await unit.update(camera);
    } else {
      const added = this.addUnit(camera);
      if (added && this.started) await added.start();
      if (added) this.log.info({ cameraId: camera.id }, 'camera added; recording');
    }
    this.notify(camera.id, camera);
  }

  private addUnit(camera: CameraRecord): CameraUnitHandle | undefined {
    const unit = this.options.createUnit?.(camera);
    if (unit) this.unitsById.set(camera.id, unit);
    return unit;
  }

  /** Writes cameras.json with `camera` in it (and every camera stored before). */
  private async persist(camera: CameraRecord): Promise<void> {
    const file = this.options.camerasFile;
    if (file === undefined) return;
    const ids = new Set([...this.stored, camera.id]);
    const list: StoredCamera[] = [];
    for (const record of this.records.values()) {
      if (!ids.has(record.id)) continue;
      list.push(toStored(record.id === camera.id ? camera : record));
    }
    if (!this.records.has(camera.id)) list.push(toStored(camera));
    await writeCameraList(file, list);
    this.stored.add(camera.id);
  }

  private notify(cameraId: string, camera: CameraRecord | undefined): void {
    for (const fn of this.listeners) {
      try {
        fn(cameraId, camera);
      } catch (err) {
        this.log.error({ err, cameraId }, 'camera change listener failed');
      }
    }
  }
}

/** What cameras.json keeps of a record: `detect` only when tuned. */
export function toStored(camera: CameraRecord): StoredCamera {
  return {
    id: camera.id,
    name: camera.name,
    main: camera.main,
    ...(camera.sub === undefined ? {} : { sub: camera.sub }),
    ...(camera.snapshotUri === undefined ? {} : { snapshotUri: camera.snapshotUri }),
    ...(camera.onvif === undefined ? {} : { onvif: camera.onvif }),
    ...(sameDetection(camera.detect, DEFAULT_DETECTION) ? {} : { detect: camera.detect }),
  };
}

function extrasOf(raw: Pick<StoredCamera, 'snapshotUri' | 'onvif'>): Pick<CameraRecord, 'snapshotUri' | 'onvif'> {
  return {
    ...(typeof raw.snapshotUri === 'string' ? { snapshotUri: raw.snapshotUri } : {}),
    ...(raw.onvif !== undefined && typeof raw.onvif === 'object' ? { onvif: raw.onvif } : {}),
  };
}

/** Equal settings whatever the order of their keys (a command's JSON may list them in any order). */
export function sameDetection(a: DetectionSettings, b: DetectionSettings): boolean {
  const value = (s: DetectionSettings, k: keyof DetectionSettings): unknown => (k === 'objects' ? objectSettingsOf(s) : s[k]);
  return (Object.keys(DEFAULT_DETECTION) as Array<keyof DetectionSettings>).every((k) => JSON.stringify(value(a, k)) === JSON.stringify(value(b, k)));
}

function sameRecord(a: CameraRecord, b: CameraRecord): boolean {
  return JSON.stringify(toStored({ ...a, detect: DEFAULT_DETECTION })) === JSON.stringify(toStored({ ...b, detect: DEFAULT_DETECTION })) && sameDetection(a.detect, b.detect);
}
