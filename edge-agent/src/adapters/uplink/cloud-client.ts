import type { Camera, DetectionEvent, Segment, StreamName } from '@argus/core';
import type {
  CameraUpsertBody,
  EventBatchBody,
  EventBatchResponse,
  HeartbeatBody,
  HeartbeatResponse,
  SegmentRegisterResponse,
  SegmentRegistration,
  UploadRequest,
  UploadResponse,
} from '@argus/contracts';
import { EdgeError, EdgeErrorCode } from '../../errors.js';

/**
 * HTTP client of the cloud's edge API (docs/api.md). Every call either
 * resolves or throws a CloudCallError saying whether a retry can help.
 */
export interface CloudClientOptions {
  readonly baseUrl: string;
  readonly edgeToken: string;
  /** Per request (ms); segment PUTs get four times as long. */
  readonly timeoutMs: number;
}

export type UploadTarget = UploadResponse;

export class CloudCallError extends EdgeError {
  readonly status: number | undefined;
  readonly apiCode: string | undefined;
  /** Network failures, timeouts, 5xx and 429 are worth retrying; other 4xx are not. */
  readonly retryable: boolean;

  constructor(message: string, details: { status?: number; apiCode?: string; retryable: boolean; cause?: unknown }) {
    super(details.status === undefined ? EdgeErrorCode.cloudUnreachable : EdgeErrorCode.cloudRejected, message, { cause: details.cause });
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.retryable = details.retryable;
  }
}

interface ApiErrorBody {
  code?: string;
  message?: string;
}

export class CloudClient {
  private readonly options: CloudClientOptions;

  constructor(options: CloudClientOptions) {
    this.options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  upsertCamera(camera: Camera): Promise<unknown> {
    const body: CameraUpsertBody = { name: camera.name, siteId: camera.siteId, streams: [...camera.streams] };
    return this.call('PUT', `/api/cameras/${encodeURIComponent(camera.id)}`, body);
  }

  async requestUpload(input: UploadRequest): Promise<UploadTarget> {
    return (await this.call('POST', '/api/uploads', input)) as UploadResponse;
  }

  async putObject(target: UploadTarget, body: Buffer): Promise<void> {
    // The target may be another host (S3): resolve it against the cloud only when relative.
    const url = new URL(target.url, this.options.baseUrl);
    const response = await this.fetch(url, { method: target.method, headers: { ...target.headers }, body }, this.options.timeoutMs * 4);
    if (!response.ok) throw await toCallError(response, `object store refused the upload`);
  }

  async registerSegment(segment: Segment & { stream: StreamName }): Promise<SegmentRegisterResponse> {
    const body: SegmentRegistration = {
      ...segment,
      startsAt: new Date(segment.startsAt).toISOString(),
      endsAt: new Date(segment.endsAt).toISOString(),
    };
    return (await this.call('POST', '/api/segments', body)) as SegmentRegisterResponse;
  }

  /** One batch of event phases (at most MAX_EVENT_BATCH); idempotent by event id (docs/api.md, Events). */
  async postEvents(events: readonly DetectionEvent[]): Promise<EventBatchResponse> {
    const body: EventBatchBody = {
      events: events.map(({ path, ...e }) => ({
        ...e,
        zones: [...e.zones],
        ...(e.box === undefined ? {} : { box: { ...e.box } }),
        ...(path === undefined ? {} : { path: path.map((p) => ({ at: p.at, box: { ...p.box } })) }),
        startedAt: new Date(e.startedAt).toISOString(),
        ...(e.endedAt === undefined ? {} : { endedAt: new Date(e.endedAt).toISOString() }),
      })),
    };
    return (await this.call('POST', '/api/events', body)) as EventBatchResponse;
  }

  /** `POST /api/agents/heartbeat`; the answer carries the cloud's clock for the skew estimate. */
  async heartbeat(body: HeartbeatBody): Promise<HeartbeatResponse> {
    return (await this.call('POST', '/api/agents/heartbeat', body)) as HeartbeatResponse;
  }

  /** Base URL and bearer of this client, for the control channel (same credential, another transport). */
  get endpoint(): { readonly baseUrl: string; readonly token: string } {
    return { baseUrl: this.options.baseUrl, token: this.options.edgeToken };
  }

  private async call(method: string, path: string, body: unknown): Promise<unknown> {
    const response = await this.fetch(
      new URL(path, this.options.baseUrl),
      {
        method,
        headers: { authorization: `Bearer ${this.options.edgeToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      this.options.timeoutMs,
    );
    if (!response.ok) throw await toCallError(response, `${method} ${path} failed`);
    return response.json();
  }

  private async fetch(url: URL, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new CloudCallError(`cloud unreachable at ${url.origin}: ${err instanceof Error ? err.message : String(err)}`, { retryable: true, cause: err });
    }
  }
}

async function toCallError(response: Response, what: string): Promise<CloudCallError> {
  let body: ApiErrorBody = {};
  try {
    body = (await response.json()) as ApiErrorBody;
  } catch {
    // Not JSON (an S3 XML error, a proxy page): the status alone says enough.
  }
  const status = response.status;
  return new CloudCallError(`${what}: ${status} ${body.code ?? ''} ${body.message ?? response.statusText}`.trim(), {
    status,
    ...(body.code === undefined ? {} : { apiCode: body.code }),
    retryable: status >= 500 || status === 429 || status === 408,
  });
}
