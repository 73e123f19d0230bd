import { DetectLabelsCommand, RekognitionClient, type Label } from '@aws-sdk/client-rekognition';
import type { ObjectDetection } from '../../core/object-types.js';

/**
 * Object detection through the Rekognition API (`DetectLabels`), with the
 * AWS SDK: against AWS Rekognition itself, or against the Argus cloud's
 * Rekognition-compatible endpoint (`<cloud>/rekognition`, docs/api.md), by
 * configuration only. Only labels with instances (boxes) become
 * detections; names are lower-cased into Argus labels (`Person` → `person`,
 * `Traffic Light` → `traffic light`).
 *
 * One attempt per picture (no SDK retries): a picture that could not be
 * examined is dropped, the next one is newer anyway.
 */
export interface RekognitionDetectorOptions {
  /** Endpoint URL; undefined = AWS's own for the region. */
  readonly endpoint?: string;
  readonly region: string;
  readonly credentials: () => Promise<{ readonly accessKeyId: string; readonly secretAccessKey: string }>;
  /** Whole call, connection included (ms). */
  readonly timeoutMs: number;
}

export interface DetectRequest {
  /** JPEG (or PNG) bytes, at most 5 MB (Rekognition's limit for inline bytes). */
  readonly image: Uint8Array;
  /** 0..1: labels under it are not returned. */
  readonly minScore: number;
  /** Argus labels wanted; others are dropped. */
  readonly labels: ReadonlySet<string>;
}

/** Rekognition's MaxLabels: enough that parents and scene labels do not crowd out the objects. */
const MAX_LABELS = 100;

export class RekognitionDetector {
  private readonly client: RekognitionClient;
  private readonly timeoutMs: number;

  constructor(options: RekognitionDetectorOptions) {
    this.timeoutMs = options.timeoutMs;
    this.client = new RekognitionClient({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      credentials: options.credentials,
      maxAttempts: 1,
    });
  }

  /** Objects in the picture, boxes normalised to it. Rejects with the SDK's named errors (ThrottlingException, …). */
  async detect(request: DetectRequest): Promise<ObjectDetection[]> {
    const output = await this.client.send(
      new DetectLabelsCommand({ Image: { Bytes: request.image }, MaxLabels: MAX_LABELS, MinConfidence: Math.round(request.minScore * 1000) / 10 }),
      { abortSignal: AbortSignal.timeout(this.timeoutMs) },
    );
    return detectionsOf(output.Labels ?? [], request);
  }

  close(): void {
    this.client.destroy();
  }
}

/** Rekognition labels → Argus detections: labels with instances, wanted, at or above the score. */
export function detectionsOf(labels: readonly Label[], request: Pick<DetectRequest, 'minScore' | 'labels'>): ObjectDetection[] {
  const out: ObjectDetection[] = [];
  for (const label of labels) {
    const name = label.Name?.toLowerCase();
    if (!name || !request.labels.has(name)) continue;
    for (const instance of label.Instances ?? []) {
      const b = instance.BoundingBox;
      const score = (instance.Confidence ?? label.Confidence ?? 0) / 100;
      if (!b || score < request.minScore) continue;
      const x = clampUnit(b.Left ?? 0);
      const y = clampUnit(b.Top ?? 0);
      out.push({ label: name, score, box: { x, y, width: Math.min(clampUnit(b.Width ?? 0), 1 - x), height: Math.min(clampUnit(b.Height ?? 0), 1 - y) } });
    }
  }
  return out;
}

const clampUnit = (v: number): number => Math.min(1, Math.max(0, v));
