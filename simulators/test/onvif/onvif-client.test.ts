import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, ffmpegBinaries } from '@argus/runtime';
import onvif from 'onvif/promises/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/index.js';
import type { SceneInput } from '../../src/scene/scene-spec.js';
import { parseProbeStreams, probeArgs, ToolRunner } from '../helpers/tool-runner.js';
import { faultSubcodes, httpGetWithAuth, httpRequest, postSoap, soapRequest } from './onvif-http.js';

// A short synthetic loop keeps the encode (cached per test run) to a few seconds.
const SCENE: SceneInput = { kind: 'synthetic', seconds: 3, width: 1280, height: 720, fps: 25 };
const USER = 'admin';
const PASSWORD = 'se&cr<et';
const MOTION_PERIOD_MS = 2_000;

// The client's own typings drop optional option arguments, so the methods used here are typed loosely.
type CamCall = (...args: any[]) => Promise<any>;
type OnvifCam = { connect(): Promise<unknown> } & Record<
  | 'getDeviceInformation' | 'getScopes' | 'getProfiles' | 'getStreamUri' | 'getSnapshotUri' | 'getSystemDateAndTime'
  | 'gotoHomePosition' | 'continuousMove' | 'getStatus' | 'stop' | 'absoluteMove' | 'getPresets' | 'gotoPreset' | 'setPreset'
  | 'createPullPointSubscription' | 'pullMessages' | 'renew' | 'unsubscribe'
  | 'getCapabilities' | 'getServices' | 'getNetworkInterfaces' | 'getVideoEncoderConfigurations' | 'getVideoSources'
  | 'getNodes' | 'getConfigurations' | 'getEventProperties',
  CamCall
>;

describe('ONVIF services against the real onvif client', () => {
  const tools = new ToolRunner();
  const { ffmpeg } = ffmpegBinaries();
  const ffprobe = ffmpegBinaries().ffprobe ?? 'ffprobe';
  let sim: Simulator;
  let dir: string;
  const motionEpoch = Date.now();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-onvif-test-'));
    sim = createSimulator({
      port: 0,
      onvifPort: 0,
      cacheDir: join(dir, 'cache'),
      logger: createLogger({ name: 'onvif-test', level: 'silent' }),
      cameras: [
        { id: 'cam-1', username: USER, password: PASSWORD, scene: SCENE },
        { id: 'cam-2', username: USER, password: PASSWORD, authScheme: 'basic', scene: SCENE },
      ],
      // Motion flips every 2 s, so a transition pair shows up within a few seconds.
      motionSource: (id) => (id === 'cam-1' ? { isMotion: (now) => Math.floor((now - motionEpoch) / MOTION_PERIOD_MS) % 2 === 1 } : undefined),
    });
    await sim.start();
  });
  afterEach(() => tools.killAll());
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const deviceUrl = (id: string): string => sim.cameraUrls(id).onvif;
  const newCam = (id: string, password = PASSWORD): OnvifCam =>
    new onvif.Cam({ hostname: '127.0.0.1', port: sim.onvifPort, path: `/onvif/${id}/device_service`, username: USER, password, timeout: 15_000 }) as unknown as OnvifCam;
  const connected = async (id: string): Promise<OnvifCam> => {
    const cam = newCam(id);
    await cam.connect();
    return cam;
  };
  const withCredentials = (url: string): string => url.replace('rtsp://', `rtsp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@`);

  /** Mean luma (0–255) of the left and right halves of a JPEG, via ffmpeg (area-averaged to one pixel each). */
  const halvesLuma = async (jpeg: Buffer): Promise<{ left: number; right: number }> => {
    const file = join(dir, `snap-${Date.now()}-${Math.random()}.jpg`);
    await writeFile(file, jpeg);
    const half = async (x: string): Promise<number> => {
      const out = await tools.run(ffmpeg, ['-v', 'error', '-i', file, '-vf', `crop=iw/2:ih:${x}:0,scale=1:1:flags=area,format=gray`, '-f', 'rawvideo', 'pipe:1'], 15_000);
      expect(out.code, out.stderr).toBe(0);
      return Buffer.from(out.stdout, 'latin1')[0]!;
    };
    return { left: await half('0'), right: await half('iw/2') };
  };

  const snapshot = async (id: string): Promise<Buffer> => {
    const uri = (await (await connected(id)).getSnapshotUri({ profileToken: 'main' })) as { uri: string };
    const res = await httpGetWithAuth(uri.uri, USER, PASSWORD, 'digest');
    expect(res.status).toBe(200);
    return res.body;
  };

  it('connects and reports the device information', async () => {
    const cam = await connected('cam-1');
    const info = await cam.getDeviceInformation();
    expect(info).toMatchObject({ manufacturer: 'Argus', model: 'argus-sim', serialNumber: 'cam-1' });
    expect(String(info.firmwareVersion)).toMatch(/\d/);
    expect(info.hardwareId).toBeTruthy();
    const scopes = (await cam.getScopes()) as Array<{ scopeItem: string }>;
    expect(scopes.map((s) => s.scopeItem)).toEqual(
      expect.arrayContaining(['onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/Profile/Streaming', 'onvif://www.onvif.org/name/cam-1', 'onvif://www.onvif.org/hardware/argus-sim']),
    );
  });

  it('lists a main and a sub profile at the streams\' sizes, PTZ on main', async () => {
    const cam = await connected('cam-1');
    const profiles = (await cam.getProfiles()) as Array<{ $: { token: string }; name: string; videoEncoderConfiguration: { encoding: string; resolution: { width: number; height: number } }; PTZConfiguration?: unknown }>;
    const summary = profiles.map((p) => ({ token: p.$.token, name: p.name, encoding: p.videoEncoderConfiguration.encoding, ...p.videoEncoderConfiguration.resolution, ptz: p.PTZConfiguration !== undefined }));
    expect(summary).toEqual([
      { token: 'main', name: 'MainStream', encoding: 'H264', width: 1280, height: 720, ptz: true },
      { token: 'sub', name: 'SubStream', encoding: 'H264', width: 640, height: 360, ptz: false },
    ]);
  });

  it('answers the other device, media, PTZ and events calls the client knows', async () => {
    const cam = await connected('cam-1');
    const base = `http://127.0.0.1:${sim.onvifPort}/onvif/cam-1`;
    const caps = (await cam.getCapabilities()) as Record<string, { XAddr: string }>;
    expect([caps.device?.XAddr, caps.media?.XAddr, caps.PTZ?.XAddr, caps.events?.XAddr]).toEqual([
      `${base}/device_service`, `${base}/media_service`, `${base}/ptz_service`, `${base}/events_service`,
    ]);
    const services = (await cam.getServices(false)) as Array<{ namespace: string; XAddr: string; capabilities?: unknown }>;
    expect(services.map((x) => x.namespace)).toEqual([
      'http://www.onvif.org/ver10/device/wsdl', 'http://www.onvif.org/ver10/media/wsdl', 'http://www.onvif.org/ver20/ptz/wsdl', 'http://www.onvif.org/ver10/events/wsdl',
    ]);
    expect(services.every((x) => x.capabilities === undefined)).toBe(true);
    const withCaps = (await cam.getServices(true)) as Array<{ capabilities?: unknown }>;
    expect(withCaps.every((x) => x.capabilities !== undefined)).toBe(true);
    const [nic] = (await cam.getNetworkInterfaces()) as Array<{ info: { hwAddress: string }; IPv4: { config: { manual: { address: string } } } }>;
    expect(nic!.IPv4.config.manual.address).toBe('127.0.0.1');
    expect(nic!.info.hwAddress).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    const encoders = (await cam.getVideoEncoderConfigurations()) as Array<{ resolution: { width: number } }>;
    expect(encoders.map((e) => e.resolution.width)).toEqual([1280, 640]);
    const [source] = (await cam.getVideoSources()) as Array<{ framerate: number; resolution: { width: number; height: number } }>;
    expect(source).toMatchObject({ framerate: 25, resolution: { width: 1280, height: 720 } });
    const nodes = (await cam.getNodes()) as Record<string, { homeSupported: boolean }>;
    expect(Object.values(nodes)).toEqual([expect.objectContaining({ homeSupported: true })]);
    const configurations = (await cam.getConfigurations()) as Record<string, { panTiltLimits: unknown; zoomLimits: { XRange: { min: string; max: string } } }>;
    expect(Object.values(configurations)[0]!.zoomLimits.XRange).toEqual({ min: '0', max: '1' });
    const properties = (await cam.getEventProperties()) as { topicSet: Record<string, unknown> };
    expect(Object.keys(properties.topicSet)).toEqual(expect.arrayContaining(['ruleEngine', 'videoSource']));
  });

  it('hands out stream URIs without credentials that ffprobe plays at the right size', async () => {
    const cam = await connected('cam-1');
    for (const [token, width, height] of [['main', 1280, 720], ['sub', 640, 360]] as const) {
      const { uri } = (await cam.getStreamUri({ protocol: 'RTSP', profileToken: token })) as { uri: string };
      expect(uri).toBe(`rtsp://127.0.0.1:${sim.port}/cam-1/${token}`);
      const probe = await tools.run(ffprobe, probeArgs(withCredentials(uri)), 20_000);
      expect(probe.code, probe.stderr).toBe(0);
      expect(parseProbeStreams(probe.stdout)).toEqual([{ codec_name: 'h264', width, height }]);
    }
  });

  it('serves a real JPEG snapshot behind HTTP Digest (and Basic where that is the scheme)', async () => {
    const cam = await connected('cam-1');
    const { uri } = (await cam.getSnapshotUri({ profileToken: 'main' })) as { uri: string };
    expect(uri).toBe(`http://127.0.0.1:${sim.onvifPort}/onvif/cam-1/snapshot.jpg`);
    expect((await httpRequest(uri)).status).toBe(401);
    expect((await httpGetWithAuth(uri, USER, 'wrong', 'digest')).status).toBe(401);
    const res = await httpGetWithAuth(uri, USER, PASSWORD, 'digest');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect([...res.body.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const file = join(dir, 'snapshot.jpg');
    await writeFile(file, res.body);
    const probe = await tools.run(ffprobe, ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file]);
    expect(probe.code, probe.stderr).toBe(0);
    expect(parseProbeStreams(probe.stdout)).toEqual([{ codec_name: 'mjpeg', width: 1280, height: 720 }]);

    const basicUri = `http://127.0.0.1:${sim.onvifPort}/onvif/cam-2/snapshot.jpg`;
    const basic = await httpGetWithAuth(basicUri, USER, PASSWORD, 'basic');
    expect(basic.status).toBe(200);
    expect([...basic.body.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('moves the PTZ head with ContinuousMove until Stop, and the snapshot shows the new view', async () => {
    const cam = await connected('cam-1');
    await cam.gotoHomePosition({ profileToken: 'main' });
    const before = await halvesLuma(await snapshot('cam-1'));
    // testsrc2 is bright everywhere: both halves well above black.
    expect(before.right).toBeGreaterThan(40);

    await cam.continuousMove({ profileToken: 'main', x: 1, y: 0, zoom: 0 });
    const moving = (await cam.getStatus({ profileToken: 'main' })) as { position: { x: number; y: number; zoom: number }; moveStatus: { panTilt: string } };
    expect(moving.moveStatus.panTilt).toBe('MOVING');
    // Full speed is 1 unit/s: pan reaches the right end (1) after about a second.
    let status = moving;
    const deadline = Date.now() + 5_000;
    while (status.position.x < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = await cam.getStatus({ profileToken: 'main' });
    }
    expect(status.position.x).toBe(1);
    expect(status.moveStatus.panTilt).toBe('IDLE'); // pinned at the limit
    await cam.stop({ profileToken: 'main', panTilt: true, zoom: true });
    const stopped = (await cam.getStatus({ profileToken: 'main' })) as typeof status;
    expect(stopped.position).toMatchObject({ x: 1, y: 0, zoom: 0 });

    // Panned fully right, the right half of the view is beyond the scene: black.
    const after = await halvesLuma(await snapshot('cam-1'));
    expect(after.right).toBeLessThan(25);
    expect(after.left).toBeGreaterThan(40);
    await cam.gotoHomePosition({ profileToken: 'main' });
    expect(((await cam.getStatus({ profileToken: 'main' })) as typeof status).position).toMatchObject({ x: 0, y: 0, zoom: 0 });
  });

  it('lists, goes to and saves PTZ presets', async () => {
    const cam = await connected('cam-2');
    const listed = (await cam.getPresets({ profileToken: 'main' })) as Record<string, { $: { token: string } }>;
    expect(Object.entries(listed).map(([name, p]) => [name, p.$.token])).toEqual([['Entrance', 'preset-1'], ['Yard', 'preset-2']]);
    await cam.gotoPreset({ profileToken: 'main', preset: 'preset-2' });
    type Status = { position: { x: number; y: number; zoom: number } };
    expect(((await cam.getStatus({ profileToken: 'main' })) as Status).position).toMatchObject({ x: 0.5, y: -0.2, zoom: 0.4 });
    await cam.absoluteMove({ profileToken: 'main', x: 0.25, y: 0.25, zoom: 0.1 });
    const saved = (await cam.setPreset({ profileToken: 'main', presetName: 'Gate' })) as unknown;
    await cam.gotoHomePosition({ profileToken: 'main' });
    const after = (await cam.getPresets({ profileToken: 'main' })) as Record<string, { $: { token: string } }>;
    expect(after['Gate']?.$.token).toBe('preset-3');
    expect(saved).toBeDefined();
    await cam.gotoPreset({ profileToken: 'main', preset: 'preset-3' });
    expect(((await cam.getStatus({ profileToken: 'main' })) as Status).position).toMatchObject({ x: 0.25, y: 0.25, zoom: 0.1 });
    await expect(cam.gotoPreset({ profileToken: 'main', preset: 'nope' })).rejects.toThrow(/nope/);
    await cam.gotoHomePosition({ profileToken: 'main' });
  });

  it('pulls motion true then false from a PullPoint subscription', async () => {
    const cam = await connected('cam-1');
    const subscription = (await cam.createPullPointSubscription()) as { subscriptionReference: { address: { href: string } } };
    expect(subscription.subscriptionReference.address.href).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${sim.onvifPort}/onvif/cam-1/subscription/[0-9a-f]+$`));
    const seen: Array<{ topic: string; operation: string; value: string }> = [];
    const deadline = Date.now() + 4 * MOTION_PERIOD_MS + 2_000;
    const changedMotion = (): string[] => seen.filter((m) => m.topic.endsWith('CellMotionDetector/Motion') && m.operation === 'Changed').map((m) => m.value);
    while (Date.now() < deadline) {
      const values = changedMotion();
      const firstTrue = values.indexOf('true');
      if (firstTrue !== -1 && values.indexOf('false', firstTrue) !== -1) break;
      const data = (await cam.pullMessages({ messageLimit: 10 })) as { notificationMessage?: unknown };
      const messages = ([] as any[]).concat(data?.notificationMessage ?? []);
      for (const m of messages) {
        const item = m.message.message;
        const simple = ([] as any[]).concat(item.data.simpleItem)[0].$;
        seen.push({ topic: String(m.topic._ ?? m.topic), operation: item.$.PropertyOperation, value: String(simple.Value) });
      }
    }
    // The first pull carries the state at subscription time.
    expect(seen[0]?.operation).toBe('Initialized');
    const values = changedMotion();
    const firstTrue = values.indexOf('true');
    expect(firstTrue, JSON.stringify(seen)).not.toBe(-1);
    expect(values.indexOf('false', firstTrue), JSON.stringify(seen)).not.toBe(-1);
    // Every change is reported on both topics.
    expect(seen.filter((m) => m.topic.endsWith('VideoSource/MotionAlarm')).length).toBe(seen.filter((m) => m.topic.endsWith('CellMotionDetector/Motion')).length);
    await cam.renew({});
    await cam.unsubscribe();
    // Unsubscribed: the address is gone.
    const gone = await postSoap(subscription.subscriptionReference.address.href, soapRequest('<PullMessages xmlns="http://www.onvif.org/ver10/events/wsdl"><Timeout>PT1S</Timeout><MessageLimit>1</MessageLimit></PullMessages>', {
      username: USER, password: PASSWORD, created: new Date().toISOString(),
    }));
    expect(gone.status).toBe(400);
    expect(faultSubcodes(gone.body.toString())).toContain('ter:ResourceUnknown');
  });

  it('refuses a wrong password with ter:NotAuthorized', async () => {
    const cam = newCam('cam-1', 'wrong');
    await expect(cam.connect()).rejects.toThrow(/not authorized/i);
    const res = await postSoap(deviceUrl('cam-1'), soapRequest('<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>', {
      username: USER, password: 'wrong', created: new Date().toISOString(),
    }));
    expect(res.status).toBe(400);
    expect(faultSubcodes(res.body.toString())).toEqual(['env:Sender', 'ter:NotAuthorized']);
  });

  it('answers GetSystemDateAndTime without credentials and asks for them (401) elsewhere', async () => {
    const time = await postSoap(deviceUrl('cam-1'), soapRequest('<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>'));
    expect(time.status).toBe(200);
    expect(time.body.toString()).toContain('<tt:UTCDateTime>');
    const info = await postSoap(deviceUrl('cam-1'), soapRequest('<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>'));
    expect(info.status).toBe(401);
    expect(String(info.headers['www-authenticate'])).toMatch(/Digest realm=/);
  });

  it('follows the camera clock: a +1 h skew still authenticates the client, and a token 1 h off is refused', async () => {
    sim.setFault('cam-1', { kind: 'clock-skew', offsetMs: 3_600_000 });
    try {
      const cam = newCam('cam-1');
      await cam.connect();
      const cameraTime = (await cam.getSystemDateAndTime()) as Date;
      expect(Math.abs(cameraTime.getTime() - (Date.now() + 3_600_000))).toBeLessThan(5_000);
      expect(await cam.getDeviceInformation()).toMatchObject({ serialNumber: 'cam-1' });

      const body = '<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>';
      const ourClock = await postSoap(deviceUrl('cam-1'), soapRequest(body, { username: USER, password: PASSWORD, created: new Date().toISOString() }));
      expect(ourClock.status).toBe(400);
      expect(faultSubcodes(ourClock.body.toString())).toContain('ter:NotAuthorized');
      const nonce = Buffer.from('0123456789abcdef');
      const token = { username: USER, password: PASSWORD, created: new Date(Date.now() + 3_600_000).toISOString(), nonce };
      expect((await postSoap(deviceUrl('cam-1'), soapRequest(body, token))).status).toBe(200);
      // The same nonce again is a replay.
      expect((await postSoap(deviceUrl('cam-1'), soapRequest(body, token))).status).toBe(400);
    } finally {
      sim.clearFault('cam-1', 'clock-skew');
    }
  });

  it('does not answer while the camera is offline, and serves again once back', async () => {
    sim.setCameraOnline('cam-2', false);
    try {
      await expect(postSoap(deviceUrl('cam-2'), soapRequest('<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>'))).rejects.toThrow(/socket hang up|ECONNRESET/);
      // The other camera on the same server is unaffected.
      expect((await postSoap(deviceUrl('cam-1'), soapRequest('<GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/>'))).status).toBe(200);
    } finally {
      sim.setCameraOnline('cam-2', true);
    }
    const cam = await connected('cam-2');
    expect(await cam.getDeviceInformation()).toMatchObject({ serialNumber: 'cam-2' });
  });
});
