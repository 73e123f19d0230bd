import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { segmentKey } from '@argus/core';
import type { EvidenceManifest, EvidencePublicKeyResponse, ExportRecord } from '@argus/contracts';
import { ffmpegBinaries } from '@argus/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithAdmin } from '../../src/auth/bootstrap.js';
import {
  adminHeaders, enrollAgent, login, putCamera, sha256, startTestCloud, uploadAndRegister, userSession, type TestCloud, type TestSegment,
} from '../support/test-cloud.js';

/**
 * Evidence exports end to end on a real database, file store and ffmpeg:
 * real H.264 segments (from the shared test footage) are uploaded and
 * indexed, exported, probed, and checked with the argus-verify script run
 * as a child process.
 */
const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
const VERIFY = path.join(REPO, 'cloud', 'src', 'verify.ts');
const FOOTAGE = '/work/shared/testdata/videos/intel_car-detection.mp4'; // credit: shared/testdata/SOURCES.md
const SEGMENT_MS = 4000;
const WAIT_MS = 30_000;

interface Run { code: number | null; stdout: string; stderr: string }
function run(file: string, args: readonly string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}
const verify = (...args: string[]): Promise<Run> => run(TSX, [VERIFY, ...args]);

/** Three 4 s MPEG-TS segments cut on keyframes, as the edge's recorder makes them. */
async function makeSegments(dir: string): Promise<string[]> {
  const input = existsSync(FOOTAGE) ? ['-i', FOOTAGE] : ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=12.5'];
  const made = await run(ffmpegBinaries().ffmpeg, [
    '-hide_banner', '-loglevel', 'error', ...input, '-t', '12', '-an',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-r', '12.5', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
    '-f', 'segment', '-segment_time', '4', '-segment_format', 'mpegts', path.join(dir, 'seg%03d.ts'),
  ]);
  if (made.code !== 0) throw new Error(`ffmpeg failed: ${made.stderr}`);
  return (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort().map((f) => path.join(dir, f));
}

async function probe(file: string): Promise<{ duration: number; codec: string; profile: string; width: number; height: number; packets: number }> {
  const out = await run(ffmpegBinaries().ffprobe ?? 'ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'format=duration:stream=codec_name,profile,width,height,nb_read_packets', '-of', 'json', file]);
  if (out.code !== 0) throw new Error(`ffprobe failed: ${out.stderr}`);
  const json = JSON.parse(out.stdout) as { format: { duration: string }; streams: Array<{ codec_name: string; profile: string; width: number; height: number; nb_read_packets: string }> };
  const s = json.streams[0]!;
  return { duration: Number(json.format.duration), codec: s.codec_name, profile: s.profile, width: s.width, height: s.height, packets: Number(s.nb_read_packets) };
}

describe('evidence exports', () => {
  let cloud: TestCloud;
  let work: string;
  let segmentFiles: string[];
  let t0: number;
  const iso = (ms: number): string => new Date(ms).toISOString();

  async function upload(cameraId: string, files: readonly string[], startsAt: number): Promise<void> {
    for (const [i, file] of files.entries()) {
      const content = await readFile(file);
      const start = startsAt + i * SEGMENT_MS;
      const segment: TestSegment = {
        cameraId, stream: 'main', startsAt: iso(start), endsAt: iso(start + SEGMENT_MS), bytes: content.length, sha256: sha256(content),
        key: segmentKey({ orgId: 'default', cameraId, stream: 'main', startsAt: start }), content,
      };
      const res = await uploadAndRegister(cloud.app, segment);
      if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`segment registration failed: ${res.statusCode} ${res.body}`);
    }
  }

  const exportOf = async (id: string, headers: Record<string, string> = adminHeaders): Promise<ExportRecord> => {
    const res = await cloud.app.inject({ method: 'GET', url: `/api/exports/${id}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ExportRecord>();
  };

  /** Polls the API until the export has finished (done or failed), for at most WAIT_MS. */
  async function finished(id: string): Promise<ExportRecord> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const record = await exportOf(id);
      if (record.state === 'done' || record.state === 'failed') return record;
      if (Date.now() > deadline) throw new Error(`export ${id} still ${record.state} after ${WAIT_MS} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const ask = (payload: Record<string, unknown>, headers: Record<string, string> = adminHeaders) => cloud.app.inject({ method: 'POST', url: '/api/exports', headers, payload });

  async function download(url: string, file: string): Promise<Buffer> {
    const res = await cloud.app.inject({ method: 'GET', url, headers: adminHeaders });
    expect(res.statusCode, res.body).toBe(200);
    await writeFile(file, res.rawPayload);
    return res.rawPayload;
  }

  beforeAll(async () => {
    cloud = await startTestCloud();
    work = await mkdtemp(path.join(tmpdir(), 'argus-export-test-'));
    segmentFiles = await makeSegments(work);
    expect(segmentFiles).toHaveLength(3);
    t0 = Math.floor(cloud.clock.now / 1000) * 1000 - 3_600_000;
    await putCamera(cloud.app, 'cam-1', ['main']);
    await upload('cam-1', segmentFiles, t0);
  }, 120_000);

  afterAll(async () => {
    await cloud?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  let done: ExportRecord;
  let clipFile: string;
  let manifestFile: string;
  let keyFile: string;

  it('exports a recorded range as a stream-copied MP4 that covers it, with a signed manifest of every source segment', async () => {
    const asked = await ask({ cameraId: 'cam-1', from: iso(t0 + 1000), to: String(t0 + 9000), reason: 'incident 42: car scratched' });
    expect(asked.statusCode, asked.body).toBe(202);
    const queued = asked.json<ExportRecord>();
    expect(queued).toMatchObject({ state: 'queued', cameraId: 'cam-1', stream: 'main', from: iso(t0 + 1000), to: iso(t0 + 9000), clipUrl: null, manifestUrl: null, createdBy: 'token:test admin (tok_test-admin)' });

    done = await finished(queued.id);
    expect(done.error).toBeNull();
    expect(done.state).toBe('done');
    expect(done.clipUrl).toBe(`/api/media/org/default/exports/${done.id}/clip.mp4`);
    expect(done.manifestUrl).toBe(`/api/media/org/default/exports/${done.id}/manifest.json`);

    clipFile = path.join(work, 'clip.mp4');
    manifestFile = path.join(work, 'manifest.json');
    const clip = await download(done.clipUrl!, clipFile);
    const manifest = JSON.parse((await download(done.manifestUrl!, manifestFile)).toString()) as EvidenceManifest;
    expect(createHash('sha256').update(clip).digest('hex')).toBe(done.clipSha256);

    // The clip: whole segments around the asked 8 s, the source's codec and every source packet (copied, not re-encoded).
    const probed = await probe(clipFile);
    const sources = await Promise.all(segmentFiles.map(probe));
    expect(probed.duration).toBeGreaterThanOrEqual(8);
    expect(probed.duration).toBeLessThanOrEqual(8 + 2 * SEGMENT_MS / 1000 + 0.5);
    expect({ codec: probed.codec, profile: probed.profile, width: probed.width, height: probed.height })
      .toEqual({ codec: sources[0]!.codec, profile: sources[0]!.profile, width: sources[0]!.width, height: sources[0]!.height });
    expect(probed.packets).toBe(sources.reduce((n, s) => n + s.packets, 0));

    expect(manifest).toMatchObject({
      format: 'argus-evidence/1', exportId: done.id, orgId: 'default',
      camera: { id: 'cam-1', name: 'Camera cam-1', siteId: 'site-1' }, stream: 'main',
      requested: { from: iso(t0 + 1000), to: iso(t0 + 9000) },
      covered: { from: iso(t0), to: iso(t0 + 3 * SEGMENT_MS) },
      clip: { file: 'clip.mp4', bytes: clip.length, sha256: done.clipSha256 },
      exportedBy: done.createdBy, reason: 'incident 42: car scratched',
    });
    expect(manifest.segments).toHaveLength(3);
    for (const [i, file] of segmentFiles.entries()) {
      const bytes = await readFile(file);
      expect(manifest.segments[i]).toEqual({ key: segmentKey({ orgId: 'default', cameraId: 'cam-1', stream: 'main', startsAt: t0 + i * SEGMENT_MS }), startsAt: iso(t0 + i * SEGMENT_MS), endsAt: iso(t0 + (i + 1) * SEGMENT_MS), bytes: bytes.length, sha256: sha256(bytes) });
    }
  }, 60_000);

  it('publishes the public key to anyone, and argus-verify accepts the export with it', async () => {
    const res = await cloud.app.inject({ method: 'GET', url: '/api/evidence/public-key' });
    expect(res.statusCode).toBe(200);
    const key = res.json<EvidencePublicKeyResponse>();
    expect(key.algorithm).toBe('ed25519');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as EvidenceManifest;
    expect(manifest.signature.keyId).toBe(key.keyId);
    keyFile = path.join(work, 'evidence-public.pem');
    await writeFile(keyFile, key.publicKeyPem);

    const ok = await verify(clipFile, manifestFile, '--key', keyFile);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`OK, evidence export ${done.id}`);
    expect(ok.stdout).toContain(`by key ${key.keyId}`);
    expect(ok.stdout).toContain(done.clipSha256!);
  }, 60_000);

  it('argus-verify fetches the key from a cloud with --url', async () => {
    await cloud.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = cloud.app.server.address() as AddressInfo;
    const ok = await verify(clipFile, manifestFile, '--url', `http://127.0.0.1:${port}`);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`/api/evidence/public-key`);
  }, 60_000);

  it('argus-verify refuses the export after one byte of the clip or of the manifest changes, or with another key', async () => {
    const clip = await readFile(clipFile);
    const badClip = Buffer.from(clip);
    const middle = Math.floor(badClip.length / 2);
    badClip[middle] = badClip[middle]! ^ 0x01;
    await writeFile(path.join(work, 'bad-clip.mp4'), badClip);
    const clipChanged = await verify(path.join(work, 'bad-clip.mp4'), manifestFile, '--key', keyFile);
    expect(clipChanged.code).toBe(1);
    expect(clipChanged.stderr).toMatch(/FAILED: clip .* has sha256 [a-f0-9]{64}; the signed manifest says [a-f0-9]{64}: the clip was changed/);

    const manifest = await readFile(manifestFile, 'utf8');
    const at = manifest.indexOf('incident 42') + 'incident '.length; // a value byte: the canonical form holds, the signature does not
    const badManifest = `${manifest.slice(0, at)}3${manifest.slice(at + 1)}`; // incident 42 → incident 32
    expect(Buffer.byteLength(badManifest)).toBe(Buffer.byteLength(manifest));
    await writeFile(path.join(work, 'bad-manifest.json'), badManifest);
    const manifestChanged = await verify(clipFile, path.join(work, 'bad-manifest.json'), '--key', keyFile);
    expect(manifestChanged.code).toBe(1);
    expect(manifestChanged.stderr).toMatch(/FAILED: manifest .*: the signature does not match the manifest: it was changed after signing/);

    // A layout-only change (the values, and so the signed bytes, intact) is a change too.
    await writeFile(path.join(work, 'relaid-manifest.json'), JSON.stringify(JSON.parse(manifest), null, 2));
    const relaid = await verify(clipFile, path.join(work, 'relaid-manifest.json'), '--key', keyFile);
    expect(relaid.code).toBe(1);
    expect(relaid.stderr).toContain('is not byte for byte as the cloud wrote it');

    const otherKey = path.join(work, 'other.pem');
    await writeFile(otherKey, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const wrongKey = await verify(clipFile, manifestFile, '--key', otherKey);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/FAILED: manifest .*: the manifest was signed by key [a-f0-9]{64}, not by the given key [a-f0-9]{64}/);

    const usage = await verify(clipFile, manifestFile);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--key <file> or --url <cloud>');
  }, 90_000);

  it('takes times as epoch ms numbers too, and the sub stream when asked (nothing recorded there: 422)', async () => {
    const asked = await ask({ cameraId: 'cam-1', from: t0 + 500, to: t0 + 3500, reason: 'epoch ms' });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json<ExportRecord>()).toMatchObject({ from: iso(t0 + 500), to: iso(t0 + 3500) });
    expect((await finished(asked.json<ExportRecord>().id)).state).toBe('done');
    expect((await ask({ cameraId: 'cam-1', from: t0, to: t0 + 4000, reason: 'sub', stream: 'sub' })).statusCode).toBe(422);
  }, 60_000);

  it('refuses bad input with a 400 naming the field', async () => {
    const good = { cameraId: 'cam-1', from: iso(t0), to: iso(t0 + 4000), reason: 'why' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, cameraId: undefined }, 'cameraId'],
      [{ ...good, from: 'yesterday' }, 'from'],
      [{ ...good, to: '2026-01-05T10:00:00' }, 'to'], // no zone
      [{ ...good, to: iso(t0 - 1000) }, 'to'],
      [{ ...good, to: iso(t0 + 25 * 3_600_000) }, 'to'],
      [{ ...good, reason: '' }, 'reason'],
      [{ ...good, reason: undefined }, 'reason'],
      [{ ...good, stream: 'hd' }, 'stream'],
    ];
    for (const [payload, field] of cases) {
      const res = await ask(payload);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json<{ field?: string }>().field, res.body).toBe(field);
    }
  });

  it('answers 404 for a camera it does not know or that is another organisation\'s or site\'s, and 422 when nothing is recorded in the range', async () => {
    expect((await ask({ cameraId: 'cam-none', from: iso(t0), to: iso(t0 + 4000), reason: 'why' })).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND', field: 'cameraId' });
    await createOrgWithAdmin(cloud.pool, { id: 'acme', name: 'Acme' }, { email: 'admin@acme-evidence.test', password: 'acme-admin-password' });
    const acme = await login(cloud.app, 'admin@acme-evidence.test', 'acme-admin-password');
    expect((await ask({ cameraId: 'cam-1', from: iso(t0), to: iso(t0 + 4000), reason: 'why' }, acme)).json()).toMatchObject({ statusCode: 404, code: 'CLD_ERR_CAMERA_NOT_FOUND' });
    expect((await cloud.app.inject({ method: 'GET', url: `/api/exports/${done.id}`, headers: acme })).statusCode).toBe(404);
    expect((await cloud.app.inject({ method: 'GET', url: done.clipUrl!, headers: acme })).statusCode).toBe(404);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/exports', headers: acme })).json()).toEqual({ exports: [] });

    await enrollAgent(cloud.app, 'hq');
    const elsewhere = await userSession(cloud.app, { email: 'operator-hq@evidence.test', role: 'operator', siteIds: ['hq'] });
    expect((await ask({ cameraId: 'cam-1', from: iso(t0), to: iso(t0 + 4000), reason: 'why' }, elsewhere.headers)).statusCode).toBe(404);
    expect((await cloud.app.inject({ method: 'GET', url: `/api/exports/${done.id}`, headers: elsewhere.headers })).statusCode).toBe(404);

    const empty = await ask({ cameraId: 'cam-1', from: iso(t0 + 60_000), to: iso(t0 + 120_000), reason: 'why' });
    expect(empty.json()).toMatchObject({ statusCode: 422, code: 'CLD_ERR_EXPORT_EMPTY' });
  });

  it('is for admins and operators: a viewer gets 403 but may fetch the media of a finished export', async () => {
    const viewer = await userSession(cloud.app, { email: 'viewer@evidence.test', role: 'viewer' });
    expect((await ask({ cameraId: 'cam-1', from: iso(t0), to: iso(t0 + 4000), reason: 'why' }, viewer.headers)).statusCode).toBe(403);
    expect((await cloud.app.inject({ method: 'GET', url: '/api/exports', headers: viewer.headers })).statusCode).toBe(403);
    const clip = await cloud.app.inject({ method: 'GET', url: done.clipUrl!, headers: viewer.headers });
    expect(clip.statusCode).toBe(200);
    expect(clip.headers['content-type']).toBe('video/mp4');
    const operator = await userSession(cloud.app, { email: 'operator@evidence.test', role: 'operator' });
    expect((await ask({ cameraId: 'cam-1', from: iso(t0), to: iso(t0 + 4000), reason: 'operator check' }, operator.headers)).statusCode).toBe(202);
    const list = (await cloud.app.inject({ method: 'GET', url: '/api/exports', headers: operator.headers })).json<{ exports: ExportRecord[] }>().exports;
    expect(list[0]!.reason).toBe('operator check'); // newest first
    expect(list.map((e) => e.id)).toContain(done.id);
    await finished(list[0]!.id);
  }, 60_000);

  it('audits every export asked for', async () => {
    const res = await cloud.app.inject({ method: 'GET', url: '/api/audit?action=export.create', headers: adminHeaders });
    const entries = res.json<{ entries: Array<{ action: string; target: string; actor: string }> }>().entries;
    const mine = entries.find((e) => e.target.startsWith(`export:${done.id} `));
    expect(mine, JSON.stringify(entries)).toBeDefined();
    expect(mine!.target).toContain('camera:cam-1');
    expect(mine!.target).toContain('incident 42');
  });

  it('finishes a job that a crashed replica left running once its lease has expired', async () => {
    await cloud.pool.query(
      `update evidence_exports set state = 'running', claim = 'replica-that-died', lease_until = $2, attempts = 1, finished_at = null, clip_key = null, manifest_key = null, clip_sha256 = null
        where id = $1`,
      [done.id, new Date(cloud.clock.now - 1000)],
    );
    expect((await exportOf(done.id)).state).toBe('running');
    const again = await finished(done.id);
    expect(again.state).toBe('done');
    const { rows } = await cloud.pool.query<{ attempts: number }>('select attempts from evidence_exports where id = $1', [done.id]);
    expect(rows[0]!.attempts).toBe(2);
    await download(again.clipUrl!, path.join(work, 'again.mp4'));
    await download(again.manifestUrl!, path.join(work, 'again.json'));
    const ok = await verify(path.join(work, 'again.mp4'), path.join(work, 'again.json'), '--key', keyFile);
    expect(ok.code, ok.stderr).toBe(0);
  }, 60_000);

  it('fails the export, saying which segment, when a stored segment no longer matches its indexed sha256', async () => {
    await putCamera(cloud.app, 'cam-2', ['main']);
    await upload('cam-2', segmentFiles.slice(0, 2), t0);
    const key = segmentKey({ orgId: 'default', cameraId: 'cam-2', stream: 'main', startsAt: t0 + SEGMENT_MS });
    const stored = path.join(cloud.dataDir, 'objects', key);
    const bytes = await readFile(stored);
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(stored, bytes);
    const asked = await ask({ cameraId: 'cam-2', from: iso(t0), to: iso(t0 + 2 * SEGMENT_MS), reason: 'tamper check' });
    expect(asked.statusCode).toBe(202);
    const failed = await finished(asked.json<ExportRecord>().id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toContain(`segment ${key} does not match its index`);
    expect(failed.clipUrl).toBeNull();
  }, 60_000);
});

describe('the evidence signing key', () => {
  it('is generated once per database: replicas starting together share it', async () => {
    const cloud = await startTestCloud();
    try {
      const { EvidenceKeys } = await import('../../src/evidence/evidence-keys.js');
      const { silentLogger } = await import('../support/test-cloud.js');
      // The app made one at start; a fresh replica reads that same row.
      const served = (await cloud.app.inject({ method: 'GET', url: '/api/evidence/public-key' })).json<EvidencePublicKeyResponse>();
      const fresh = new EvidenceKeys({ pool: cloud.pool, keyFile: undefined, logger: silentLogger });
      expect((await fresh.get()).publicKey.keyId).toBe(served.keyId);
      // With no key yet, replicas racing to create it end with one key, the same for all.
      await cloud.pool.query('delete from evidence_keys');
      const replicas = Array.from({ length: 3 }, () => new EvidenceKeys({ pool: cloud.pool, keyFile: undefined, logger: silentLogger }));
      const ids = new Set((await Promise.all(replicas.map((r) => r.get()))).map((s) => s.publicKey.keyId));
      expect(ids.size).toBe(1);
      const { rows } = await cloud.pool.query<{ key_id: string }>('select key_id from evidence_keys');
      expect(rows.map((r) => r.key_id)).toEqual([...ids]);
    } finally {
      await cloud.close();
    }
  }, 60_000);

  it('comes from ARGUS_EVIDENCE_KEY_FILE when set', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'argus-evidence-key-'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const file = path.join(dir, 'evidence.pem');
    await writeFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    const cloud = await startTestCloud({ env: { ARGUS_EVIDENCE_KEY_FILE: file } });
    try {
      const served = (await cloud.app.inject({ method: 'GET', url: '/api/evidence/public-key' })).json<EvidencePublicKeyResponse>();
      expect(served.publicKeyPem).toBe(publicKey.export({ format: 'pem', type: 'spki' }).toString());
      const { rows } = await cloud.pool.query('select 1 from evidence_keys');
      expect(rows).toHaveLength(0);
    } finally {
      await cloud.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
