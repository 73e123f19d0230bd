import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('builds numbered cameras sharing scene and credentials', () => {
    const config = parseCliArgs(['--cameras', '3', '--port', '0', '--scene', 'a.mp4', '--user', 'admin', '--password', 'secret', '--manifest', 'm.json']);
    expect(config.simulator.cameras.map((c) => c.id)).toEqual(['cam-1', 'cam-2', 'cam-3']);
    expect(config.simulator.cameras[0]).toEqual({ id: 'cam-1', username: 'admin', password: 'secret', authScheme: 'both', scene: 'a.mp4' });
    expect(config.simulator.port).toBe(0);
    expect(config.manifestPath).toBe('m.json');
  });

  it('defaults to one open camera on 127.0.0.1:8554 with the default scene', () => {
    const config = parseCliArgs([]);
    expect(config.simulator).toMatchObject({ port: 8554, host: '127.0.0.1', cameras: [{ id: 'cam-1' }] });
    expect(config.simulator.cameras[0]).not.toHaveProperty('scene');
  });

  it('reads the control port and start-up faults', () => {
    const config = parseCliArgs(['--cameras', '2', '--control-port', '0', '--fault', 'cam-2:drop-rtp', '--fault', 'cam-1:bitrate-spike:factor=4,durationMs=10000']);
    expect(config.simulator.controlPort).toBe(0);
    expect(config.faults).toEqual([
      { cameraId: 'cam-2', fault: { kind: 'drop-rtp' } },
      { cameraId: 'cam-1', fault: { kind: 'bitrate-spike', factor: 4, durationMs: 10_000 } },
    ]);
    expect(parseCliArgs([]).simulator.controlPort).toBe(8002);
  });

  it.each([
    [['--fault', 'cam-9:freeze'], 'no camera cam-9'],
    [['--fault', 'cam-1:melt'], 'kind: must be one of'],
    [['--fault', 'cam-1:reboot'], 'durationMs: is required'],
    [['--cameras', '0'], '--cameras must be an integer from 1 to 500'],
    [['--cameras', 'four'], '--cameras must be an integer'],
    [['--port', '70000'], '--port must be an integer from 0 to 65535'],
    [['--user', 'admin'], '--user and --password go together'],
    [['--user', 'a:b', '--password', 'x'], 'must not contain'],
    [['--auth', 'ntlm'], '--auth must be one of both, digest, basic'],
    [['--scene', 'a.mp4', '--synthetic'], 'exclude each other'],
    [['--id-prefix', 'Cam'], '--id-prefix must be'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['stray'], 'Unexpected argument'],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(expect.objectContaining({ code: 'SIM_ERR_CONFIG', message: expect.stringContaining(message) }));
  });
});
