import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION } from '@argus/contracts';
import { createLogger } from '@argus/runtime';
import { CameraRegistry, type CameraRecord, type CameraUnitHandle } from '../../src/camera/camera-registry.js';
import type { StoredCamera } from '../../src/control/camera-list-file.js';

const logger = createLogger({ name: 'registry-test', level: 'silent' });
const camera = (id: string, over: Partial<CameraRecord> = {}): CameraRecord => ({ id, name: id, main: `rtsp://h/${id}/main`, detect: DEFAULT_DETECTION, ...over });

/** Units that only record what the registry asks of them. */
function fakeUnits() {
  const log: string[] = [];
  const createUnit = (c: CameraRecord): CameraUnitHandle => {
    log.push(`create ${c.id}`);
    return {
      start: async () => void log.push(`start ${c.id}`),
      stop: async () => void log.push(`stop ${c.id}`),
      update: async (next) => void log.push(`update ${next.id} ${next.main} fps=${next.detect.fps}`),
    };
  };
  return { log, createUnit };
}

describe('camera registry', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const setup = async (configured: CameraRecord[], stored?: StoredCamera[]) => {
    dir = await mkdtemp(join(tmpdir(), 'argus-registry-'));
    const camerasFile = join(dir, 'conf', 'cameras.json');
    if (stored) {
      await mkdir(join(dir, 'conf'));
      await writeFile(camerasFile, JSON.stringify({ cameras: stored }));
    }
    const units = fakeUnits();
    const registry = new CameraRegistry({ configured, camerasFile, createUnit: units.createUnit, logger });
    const file = async (): Promise<StoredCamera[]> => (JSON.parse(await readFile(camerasFile, 'utf8')) as { cameras: StoredCamera[] }).cameras;
    return { registry, units, camerasFile, file };
  };

  it('runs the configured cameras with the stored ones over them, ONVIF details kept, detection settings filled', async () => {
    const { registry, units } = await setup([camera('a'), camera('b')], [
      { id: 'b', name: 'B', main: 'rtsp://h/b2', sub: 'rtsp://h/b2/sub', onvif: { url: 'http://h/onvif' }, detect: { ...DEFAULT_DETECTION, fps: 2 } },
      { id: 'c', name: 'C', main: 'rtsp://h/c' },
    ]);
    await registry.start();
    expect(registry.list().map((c) => [c.id, c.main, c.sub, c.detect.fps])).toEqual([['a', 'rtsp://h/a/main', undefined, 5], ['b', 'rtsp://h/b2', 'rtsp://h/b2/sub', 2], ['c', 'rtsp://h/c', undefined, 5]]);
    expect(registry.get('b')?.onvif).toEqual({ url: 'http://h/onvif' });
    expect(units.log).toEqual(['create a', 'create b', 'create c', 'start a', 'start b', 'start c']);
  });

  it('refuses a stored camera with bad settings at open, naming the file and field', async () => {
    const { registry, camerasFile } = await setup([], [{ id: 'x', name: 'X', main: 'rtsp://h/x', detect: { ...DEFAULT_DETECTION, fps: 99 } }]);
    await expect(registry.open()).rejects.toMatchObject({ code: 'EDGE_ERR_CONFIG', message: expect.stringContaining(`${camerasFile}: cameras[0].detect.fps`) });
  });

  it('persists a change before applying it, and applies it to that camera only', async () => {
    const { registry, units, file } = await setup([camera('a'), camera('b')]);
    await registry.start();
    units.log.length = 0;
    const changes: string[] = [];
    registry.onChange((id, c) => changes.push(`${id}:${c ? 'changed' : 'removed'}`));

    await registry.upsert(camera('c', { sub: 'rtsp://h/c/sub' }), 'add');
    expect(units.log).toEqual(['create c', 'start c']);
    expect((await file()).map((c) => c.id)).toEqual(['c']);

    expect(await registry.configureDetection('a', { ...DEFAULT_DETECTION, fps: 3 })).toEqual({ stream: 'main' });
    expect(units.log.at(-1)).toBe('update a rtsp://h/a/main fps=3');
    // A configured camera enters cameras.json once a command touched it, with its tuned settings.
    expect((await file()).map((c) => [c.id, c.detect?.fps])).toEqual([['a', 3], ['c', undefined]]);
    expect(changes).toEqual(['c:changed', 'a:changed']);

    // The same settings again change nothing.
    units.log.length = 0;
    await registry.configureDetection('a', { ...DEFAULT_DETECTION, fps: 3 });
    expect(units.log).toEqual([]);

    await expect(registry.upsert(camera('a'), 'add')).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_ARGS' });
    await expect(registry.upsert(camera('zz'), 'update')).rejects.toMatchObject({ code: 'EDGE_ERR_UNKNOWN_CAMERA' });
    await expect(registry.configureDetection('zz', DEFAULT_DETECTION)).rejects.toMatchObject({ code: 'EDGE_ERR_UNKNOWN_CAMERA' });
  });

  it('changes nothing when cameras.json cannot be written', async () => {
    const { registry, units, camerasFile } = await setup([camera('a')], []);
    await registry.start();
    units.log.length = 0;
    // A folder where the file should be: the atomic replace fails (as on a read-only or full disk, and even for root).
    await rm(camerasFile);
    await mkdir(camerasFile);
    await expect(registry.configureDetection('a', { ...DEFAULT_DETECTION, enabled: false })).rejects.toThrow();
    expect(units.log).toEqual([]);
    expect(registry.get('a')?.detect.enabled).toBe(true);
  });

  it('replaces the whole list for an embedding program: added start, removed stop, the rest untouched', async () => {
    const { registry, units, file } = await setup([camera('a'), camera('b')], []);
    await registry.start();
    units.log.length = 0;
    await registry.replaceAll([camera('b'), camera('d')]);
    expect(units.log).toEqual(['stop a', 'create d', 'start d']);
    expect(registry.list().map((c) => c.id)).toEqual(['b', 'd']);
    expect(await file()).toEqual([]); // not persisted
    await registry.stop();
    expect(units.log.slice(-2).sort()).toEqual(['stop b', 'stop d']);
    await expect(registry.upsert(camera('e'), 'add')).rejects.toMatchObject({ code: 'EDGE_ERR_COMMAND_FAILED' });
  });
});
