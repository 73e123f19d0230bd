import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CloudError } from '../errors.js';
import { uploadPath, verifyUpload, type UploadGrant } from './media-signature.js';
import type { ObjectInfo, ObjectStore, UploadExpectation, UploadTarget } from './object-store.js';

/** Object keys are '/'-separated names that never start with '.', so no key can climb out of the root. */
const SAFE_KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;
const INCOMING = '.incoming'; // same filesystem as the objects, so the final rename is atomic

export interface WriteExpectation {
  readonly bytes: number;
  /** When given, the content must hash to it. */
  readonly sha256?: string;
}

/**
 * The embedded object store: objects are files under `root`, named by key.
 * Writes land in a temporary file first and are renamed into place only
 * when complete and verified, so a reader never sees a partial segment.
 */
export class FileObjectStore implements ObjectStore {
  readonly kind = 'file' as const;

  constructor(
    readonly root: string,
    /** HMAC key of the upload URLs this store hands out (checked by the media routes). */
    private readonly secret: string,
  ) {}

  async init(): Promise<void> {
    await mkdir(path.join(this.root, INCOMING), { recursive: true });
  }

  private file(key: string): string {
    if (!SAFE_KEY.test(key)) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no object ${JSON.stringify(key)}`);
    return path.join(this.root, ...key.split('/'));
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const s = await stat(this.file(key));
      return s.isFile() ? { bytes: s.size } : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as CloudError).code === 'CLD_ERR_OBJECT_NOT_FOUND') return undefined;
      throw err;
    }
  }

  put(key: string, body: Buffer | Readable, bytes: number): Promise<void> {
    return this.write(key, body, { bytes });
  }

  /**
   * Streams `body` to a temporary file, hashing and counting on the way, and
   * renames it into place only when size (and sha256, when given) match.
   * On a mismatch nothing is kept: CLD_ERR_CONTENT_MISMATCH.
   */
  async write(key: string, body: Buffer | Readable, expect: WriteExpectation): Promise<void> {
    const target = this.file(key);
    const temp = path.join(this.root, INCOMING, `${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        // Stop reading as soon as the body is longer than promised, instead of filling the disk.
        if (received > expect.bytes) return done(new CloudError('CLD_ERR_CONTENT_MISMATCH', `body is longer than the ${expect.bytes} bytes signed for`, { field: 'bytes' }));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, meter, createWriteStream(temp, { flags: 'wx' }));
      if (received !== expect.bytes) {
        throw new CloudError('CLD_ERR_CONTENT_MISMATCH', `body has ${received} bytes, ${expect.bytes} were signed for`, { field: 'bytes' });
      }
      const sha256 = hash.digest('hex');
      if (expect.sha256 !== undefined && sha256 !== expect.sha256) {
        throw new CloudError('CLD_ERR_CONTENT_MISMATCH', `body has sha256 ${sha256}, ${expect.sha256} was signed for`, { field: 'sha256' });
      }
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.file(key);
    // Open first so that a missing object is an error here, not mid-response.
    const stream = createReadStream(file);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'ENOENT' || err.code === 'EISDIR' ? new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no object ${key}`, { cause: err }) : err),
      );
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 32) await Promise.all(keys.slice(i, i + 32).map((k) => this.delete(k)));
  }

  async *list(prefix: string): AsyncIterable<string> {
    const base = prefix.replace(/\/+$/, '');
    const start = base === '' ? this.root : this.file(base);
    const walk = async function* (dir: string, keyPrefix: string): AsyncGenerator<string> {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
        throw err;
      }
      for (const e of entries) {
        if (e.name.startsWith('.')) continue; // uploads in progress
        const key = keyPrefix === '' ? e.name : `${keyPrefix}/${e.name}`;
        if (e.isDirectory()) yield* walk(path.join(dir, e.name), key);
        else if (e.isFile()) yield key;
      }
    };
    yield* walk(start, base);
  }

  async uploadTarget(key: string, expect: UploadExpectation): Promise<UploadTarget> {
    this.file(key); // refuse unsafe keys before signing them
    const url = uploadPath(this.secret, { key, expires: Date.now() + expect.expiresInMs, sha256: expect.sha256, bytes: expect.bytes });
    return { url, method: 'PUT', headers: { 'Content-Type': 'video/mp2t' } };
  }

  /** True when `sig` is this store's signature of `grant` (expiry is the caller's to check). */
  verifyUpload(grant: UploadGrant, sig: string): boolean {
    return verifyUpload(this.secret, grant, sig);
  }

  async downloadUrl(): Promise<string | undefined> {
    return undefined; // served by GET /api/media/<key>
  }
}
