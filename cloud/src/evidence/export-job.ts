import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EvidenceManifest } from '@argus/contracts';
import type { Logger } from '@argus/runtime';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { canonicalJson, signManifest } from '../core/evidence-manifest.js';
import { concatList, coveredRange } from '../core/export-plan.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { IndexedSegment, SegmentsRepository } from '../recordings/segments.repository.js';
import type { EvidenceKeys } from './evidence-keys.js';
import { runExportFfmpeg } from './export-ffmpeg.js';
import type { StoredExport } from './exports.repository.js';

/** Where an export's files live in the object store. */
export const exportKeys = (orgId: string, exportId: string): { clip: string; manifest: string } => ({
  clip: `org/${orgId}/exports/${exportId}/clip.mp4`,
  manifest: `org/${orgId}/exports/${exportId}/manifest.json`,
});

/** A failure the person who asked should read (no recording left, a segment that changed): not retried. */
export class ExportRefused extends Error {
  override readonly name = 'ExportRefused';
}

export interface ExportJobDeps {
  readonly segments: SegmentsRepository;
  readonly cameras: CamerasRepository;
  readonly store: ObjectStore;
  readonly keys: EvidenceKeys;
  readonly ffmpegPath: string;
  /** Parent of the job's scratch folder (removed when the job ends). */
  readonly workDir?: string;
  readonly now: () => number;
  readonly logger: Logger;
}

export interface ExportOutput {
  readonly clipKey: string;
  readonly manifestKey: string;
  readonly clipSha256: string;
  readonly manifest: EvidenceManifest;
}

/** Copies one segment to `file`, hashing it on the way; refuses it when it is not what the index says. */
async function fetchSegment(store: ObjectStore, segment: IndexedSegment, file: string): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(await store.get(segment.key), tap, createWriteStream(file));
  const sha256 = hash.digest('hex');
  if (sha256 !== segment.sha256 || bytes !== segment.bytes) {
    throw new ExportRefused(`segment ${segment.key} does not match its index: stored ${bytes} bytes with sha256 ${sha256}, indexed ${segment.bytes} bytes with sha256 ${segment.sha256}; the recording was altered or damaged`);
  }
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Makes one export: the indexed segments overlapping the range, each read
 * from the store and checked against its indexed sha256, joined by ffmpeg
 * (stream copy) into an MP4, stored with its signed manifest under
 * `org/<org>/exports/<id>/`.
 */
export async function runExportJob(job: StoredExport, deps: ExportJobDeps, signal: AbortSignal): Promise<ExportOutput> {
  const segments = await deps.segments.inRange(job.orgId, job.cameraId, job.stream, { from: job.from, to: job.to });
  if (segments.length === 0) throw new ExportRefused(`nothing of camera ${job.cameraId} (${job.stream}) is recorded between ${new Date(job.from).toISOString()} and ${new Date(job.to).toISOString()} any more`);
  const camera = await deps.cameras.get({ orgId: job.orgId, siteIds: null }, job.cameraId);
  if (!camera) throw new ExportRefused(`camera ${job.cameraId} no longer exists`);
  const signer = await deps.keys.get();

  const parent = deps.workDir ?? tmpdir();
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(path.join(parent, `${job.id}-`));
  try {
    const files: string[] = [];
    for (const [i, segment] of segments.entries()) {
      if (signal.aborted) throw new Error('the export runner stopped');
      const file = path.join(dir, `${String(i).padStart(6, '0')}.ts`);
      await fetchSegment(deps.store, segment, file);
      files.push(file);
    }
    const listFile = path.join(dir, 'segments.ffconcat');
    await writeFile(listFile, concatList(files));
    const clipFile = path.join(dir, 'clip.mp4');
    await runExportFfmpeg(deps.ffmpegPath, listFile, clipFile, signal);

    const clipBytes = (await stat(clipFile)).size;
    const clipSha256 = await fileSha256(clipFile);
    const keys = exportKeys(job.orgId, job.id);
    const covered = coveredRange(segments);
    const iso = (ms: number): string => new Date(ms).toISOString();
    const manifest = signManifest({
      format: 'argus-evidence/1',
      exportId: job.id,
      orgId: job.orgId,
      camera: { id: camera.id, name: camera.name, siteId: camera.siteId },
      stream: job.stream,
      requested: { from: iso(job.from), to: iso(job.to) },
      covered: { from: iso(covered.from), to: iso(covered.to) },
      clip: { file: 'clip.mp4', bytes: clipBytes, sha256: clipSha256 },
      segments: segments.map((s) => ({ key: s.key, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), bytes: s.bytes, sha256: s.sha256 })),
      exportedBy: job.createdBy,
      reason: job.reason,
      exportedAt: iso(deps.now()),
    }, signer.privateKey);

    await deps.store.put(keys.clip, createReadStream(clipFile), clipBytes);
    // Stored in canonical form: argus-verify then refuses a change of any byte, layout included.
    const manifestBytes = Buffer.from(`${canonicalJson(manifest)}\n`, 'utf8');
    await deps.store.put(keys.manifest, manifestBytes, manifestBytes.length);
    deps.logger.info({ exportId: job.id, cameraId: job.cameraId, segments: segments.length, clipBytes }, 'evidence export made');
    return { clipKey: keys.clip, manifestKey: keys.manifest, clipSha256, manifest };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
