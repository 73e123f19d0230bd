import type { CameraListResponse, CameraSummary, CloudErrorCode, ErrorResponse } from '@argus/contracts';
import { ConsoleErrorCode } from '../errors.js';

/**
 * The console's one HTTP client for the cloud API (docs/api.md). Every
 * failure surfaces as an ApiRequestError carrying the API's stable `code`, so
 * the UI can branch on codes and show the API's message as is.
 */

/** Error code the cloud answers when a playback range holds no segments. */
export const NO_RECORDING_CODE = 'CLD_ERR_NO_RECORDING' satisfies CloudErrorCode;

/** Camera list requests give up after this long (ms); the list refreshes anyway. */
const REQUEST_TIMEOUT_MS = 8_000;

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  /** A CLD_ERR_* code from the cloud, or a CONSOLE_ERR_* code from errors.ts. */
  readonly code: string;
  /** The request field the cloud blamed, when it named one. */
  readonly field: string | undefined;

  constructor(
    init: { status: number; code: string; message: string; field?: string | undefined },
    options?: ErrorOptions,
  ) {
    super(init.message, options);
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
  }
}

export interface TimeRange {
  from: Date;
  to: Date;
}

export interface ApiClient {
  /** GET /api/cameras. */
  listCameras(signal?: AbortSignal): Promise<CameraSummary[]>;
  /** URL of the camera's live HLS playlist (sliding window). */
  livePlaylistUrl(cameraId: string): string;
  /** URL of the camera's VOD playlist for a time range. */
  playbackPlaylistUrl(cameraId: string, range: TimeRange): string;
}

export interface ApiClientOptions {
  /** Prefix for every path; '' means same origin as the console (the cloud serves it). */
  baseUrl?: string;
  /** Injected for tests; defaults to the browser's fetch. */
  fetch?: typeof fetch;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  // Bound to globalThis: calling an unbound window.fetch throws "Illegal invocation".
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const cameraPath = (cameraId: string): string =>
    `${baseUrl}/api/cameras/${encodeURIComponent(cameraId)}`;

  return {
    async listCameras(signal) {
      const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const body = await getJson(doFetch, `${baseUrl}/api/cameras`, signal ? AbortSignal.any([signal, timeout]) : timeout);
      if (!isCameraList(body)) {
        throw new ApiRequestError({
          status: 200,
          code: ConsoleErrorCode.BAD_RESPONSE,
          message: 'The camera list from the cloud has an unexpected shape',
        });
      }
      return body.cameras;
    },
    livePlaylistUrl(cameraId) {
      return `${cameraPath(cameraId)}/live.m3u8`;
    },
    playbackPlaylistUrl(cameraId, range) {
      const query = new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString() });
      return `${cameraPath(cameraId)}/playback.m3u8?${query.toString()}`;
    },
  };
}

async function getJson(doFetch: typeof fetch, url: string, signal: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await doFetch(url, { headers: { accept: 'application/json' }, signal });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) throw apiErrorFromBody(response.status, await response.text());
  try {
    return (await response.json()) as unknown;
  } catch (cause) {
    throw new ApiRequestError(
      { status: response.status, code: ConsoleErrorCode.BAD_RESPONSE, message: `Invalid JSON from ${url}` },
      { cause },
    );
  }
}

/**
 * Fetches a playlist URL only to learn why it failed. hls.js and the native
 * player report a status at best, but the UI needs the cloud's code (e.g.
 * CLD_ERR_NO_RECORDING vs CLD_ERR_CAMERA_NOT_FOUND) and message.
 * Resolves to null when the playlist now loads fine (a transient failure).
 */
export async function explainPlaylistFailure(url: string, signal?: AbortSignal): Promise<ApiRequestError | null> {
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (cause) {
    return networkError(cause);
  }
  if (response.ok) {
    // Drain so the connection is reusable; the body itself is not needed.
    await response.body?.cancel();
    return null;
  }
  return apiErrorFromBody(response.status, await response.text());
}

/** Builds the typed error from an error response's status and raw body text. */
export function apiErrorFromBody(status: number, bodyText: string): ApiRequestError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText) as unknown;
  } catch {
    parsed = undefined; // Not JSON (e.g. a proxy's HTML page): fall through to a generic error.
  }
  if (isErrorResponse(parsed)) {
    return new ApiRequestError({ status, code: parsed.code, message: parsed.message, field: parsed.field });
  }
  return new ApiRequestError({ status, code: ConsoleErrorCode.HTTP, message: `The cloud answered HTTP ${status}` });
}

function networkError(cause: unknown): ApiRequestError {
  const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
  return new ApiRequestError(
    {
      status: 0,
      code: ConsoleErrorCode.NETWORK,
      message: timedOut ? 'The cloud did not answer in time' : 'Cannot reach the cloud',
    },
    { cause },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isErrorResponse(value: unknown): value is ErrorResponse {
  return isRecord(value) && typeof value['code'] === 'string' && typeof value['message'] === 'string';
}

function isCameraList(value: unknown): value is CameraListResponse {
  return (
    isRecord(value) &&
    Array.isArray(value['cameras']) &&
    value['cameras'].every((camera: unknown) => isRecord(camera) && typeof camera['id'] === 'string')
  );
}
