import { DetectLabelsCommand, RekognitionClient, type DetectLabelsCommandInput } from '@aws-sdk/client-rekognition';
import type { DetectorObject, DetectorResult, ObjectDetectorPort } from '../../src/inference/object-detector-port.js';
import { adminHeaders, type TestCloud } from '../support/test-cloud.js';

/** Enough of a JPEG for the endpoint's format check; the fake detector never decodes it. */
export const JPEG_LIKE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(256, 7)]);

/**
 * A detector that answers what the test sets, records how it was called,
 * and can be held (its calls wait until released) or made to fail.
 */
export class FakeDetector implements ObjectDetectorPort {
  readonly modelVersion = 'fake-detector@1';
  objects: DetectorObject[] = [];
  calls: Array<{ bytes: number; minScore: number | undefined; maxObjects: number | undefined }> = [];
  failWith: Error | undefined;
  closed = 0;
  private held: Array<() => void> | undefined;

  async detect(image: Uint8Array, options: { minScore?: number; maxObjects?: number } = {}): Promise<DetectorResult> {
    this.calls.push({ bytes: image.length, minScore: options.minScore, maxObjects: options.maxObjects });
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    if (this.failWith) throw this.failWith;
    return { objects: this.objects.filter((o) => o.score >= (options.minScore ?? 0)), imageWidth: 640, imageHeight: 480, inferenceMs: 1 };
  }

  /** Calls wait from now on until release(). */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const resolve of waiting) resolve();
  }

  async close(): Promise<void> {
    this.closed += 1;
  }
}

export const object = (label: string, score: number): DetectorObject => ({ label, score, box: { left: 0.25, top: 0.125, width: 0.5, height: 0.75 } });

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The SDK client as an edge agent configures it, against the test cloud (listening). */
export function rekognitionClient(baseUrl: string, credentials: Credentials, extra: Partial<ConstructorParameters<typeof RekognitionClient>[0]> = {}): RekognitionClient {
  return new RekognitionClient({ endpoint: `${baseUrl}/rekognition`, region: 'us-east-1', credentials, maxAttempts: 1, ...extra });
}

export function detectLabels(client: RekognitionClient, input: Partial<DetectLabelsCommandInput> = {}) {
  return client.send(new DetectLabelsCommand({ Image: { Bytes: JPEG_LIKE }, ...input }));
}

/** What the SDK raised: the exception's name, the HTTP status and the message. */
export async function sdkFailure(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string; attempts: number | undefined }> {
  try {
    await call;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number; attempts?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message, attempts: e.$metadata?.attempts };
  }
  throw new Error('the call succeeded');
}

/** Creates an inference key as the test admin. */
export async function createKey(cloud: TestCloud, name = 'test key', headers: Record<string, string> = adminHeaders): Promise<Credentials & { id: string }> {
  const res = await cloud.app.inject({ method: 'POST', url: '/api/inference-keys', headers, payload: { name } });
  if (res.statusCode !== 201) throw new Error(`key creation failed: ${res.statusCode} ${res.body}`);
  return res.json<Credentials & { id: string }>();
}

export async function listen(cloud: TestCloud): Promise<string> {
  await cloud.app.listen({ port: 0, host: '127.0.0.1' });
  const address = cloud.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}
