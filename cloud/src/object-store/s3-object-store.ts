import type { Readable } from 'node:stream';
import { Client } from 'minio';
import { SEGMENT_CONTENT_TYPE } from '@argus/core';
import type { S3Config } from '../config.js';
import { CloudError } from '../errors.js';
import type { ObjectInfo, ObjectStore, UploadExpectation, UploadTarget } from './object-store.js';

const NOT_FOUND_CODES = new Set(['NotFound', 'NoSuchKey']);

function isNotFound(err: unknown): boolean {
  return NOT_FOUND_CODES.has(String((err as { code?: unknown } | undefined)?.code));
}

function storeError(action: string, key: string, cause: unknown): CloudError {
  return new CloudError('CLD_ERR_OBJECT_STORE', `object store ${action} ${key} failed: ${(cause as Error).message}`, { cause });
}

function clientFor(endpoint: string, config: S3Config): Client {
  const url = new URL(endpoint);
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    useSSL: url.protocol === 'https:',
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    // A fixed region spares a GetBucketLocation round trip before every presign.
    region: config.region,
    // MinIO and most self-hosted S3s have no wildcard DNS for virtual-host buckets.
    pathStyle: true,
  });
}

/** S3 or MinIO through the minio client; uploads and downloads go straight to the store with presigned URLs. */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  private readonly client: Client;
  /** Presigns for the public endpoint; signing is local, this client never connects. */
  private readonly signer: Client;
  private readonly bucket: string;
  private readonly region: string;

  constructor(config: S3Config) {
    this.client = clientFor(config.endpoint, config);
    this.signer = config.publicEndpoint === config.endpoint ? this.client : clientFor(config.publicEndpoint, config);
    this.bucket = config.bucket;
    this.region = config.region;
  }

  async init(): Promise<void> {
    try {
      if (!(await this.client.bucketExists(this.bucket))) await this.client.makeBucket(this.bucket, this.region);
    } catch (cause) {
      throw storeError('create bucket', this.bucket, cause);
    }
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const info = await this.client.statObject(this.bucket, key);
      return { bytes: info.size };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw storeError('stat', key, err);
    }
  }

  async put(key: string, body: Buffer | Readable, bytes: number): Promise<void> {
    try {
      await this.client.putObject(this.bucket, key, body, bytes, { 'Content-Type': SEGMENT_CONTENT_TYPE });
    } catch (cause) {
      throw storeError('put', key, cause);
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (err) {
      if (isNotFound(err)) throw new CloudError('CLD_ERR_OBJECT_NOT_FOUND', `no object ${key}`, { cause: err });
      throw storeError('get', key, err);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.removeObject(this.bucket, key);
    } catch (cause) {
      throw storeError('delete', key, cause);
    }
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      try {
        const results = await this.client.removeObjects(this.bucket, [...chunk]);
        const failed = results.find((r) => r?.Error !== undefined && !isNotFound({ code: r.Error.Code }));
        if (failed) throw Object.assign(new Error(failed?.Error?.Message ?? 'delete failed'), { code: failed?.Error?.Code });
      } catch (cause) {
        throw storeError('delete', chunk[0] ?? '', cause);
      }
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const stream = this.client.listObjectsV2(this.bucket, prefix, true);
    for await (const item of stream as AsyncIterable<{ name?: string }>) {
      if (item.name !== undefined) yield item.name;
    }
  }

  async uploadTarget(key: string, expect: UploadExpectation): Promise<UploadTarget> {
    // S3 presigned PUTs cannot bind the content hash without the client signing
    // it; registration checks the stored size instead (422 on mismatch).
    const url = await this.signer.presignedPutObject(this.bucket, key, Math.max(1, Math.round(expect.expiresInMs / 1000)));
    return { url, method: 'PUT', headers: { 'Content-Type': SEGMENT_CONTENT_TYPE } };
  }

  async downloadUrl(key: string, expiresInMs: number): Promise<string> {
    return this.signer.presignedGetObject(this.bucket, key, Math.max(1, Math.round(expiresInMs / 1000)));
  }
}
