import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Config } from '../../src/config.js';

export interface TestS3 {
  readonly config: S3Config;
  close(): Promise<void>;
}

/** A real S3-protocol server (s3rver) on 127.0.0.1, port 0, in a temp dir. */
export async function startTestS3(options: { bucket?: string; createBucket?: boolean } = {}): Promise<TestS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'argus-s3-'));
  const bucket = options.bucket ?? 'argus';
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.createBucket === false ? [] : [{ name: bucket }],
  });
  const address = await server.run();
  return {
    // s3rver accepts these fixed credentials.
    config: { endpoint: `http://127.0.0.1:${address.port}`, publicEndpoint: `http://127.0.0.1:${address.port}`, accessKey: 'S3RVER', secretKey: 'S3RVER', bucket, region: 'us-east-1' },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
