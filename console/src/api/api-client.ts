import type {
  AgentHealth,
  AlertQuery,
  AlertRecord,
  AuditQuery,
  AuditRecord,
  AuthProvidersResponse,
  CameraSnapshotResponse,
  LayoutsDocument,
  CameraSummary,
  CloudErrorCode,
  CommandArgs,
  CommandResponse,
  CommandResult,
  CommandType,
  DetectionPatch,
  DetectionResponse,
  EnrollmentTokenBody,
  EnrollmentTokenResponse,
  ErrorResponse,
  EventQuery,
  EventRecord,
  EvidenceLockBody,
  EvidenceLockRecord,
  ExportBody,
  ExportRecord,
  HealthHistoryResponse,
  LiveSessionsResponse,
  HistogramQuery,
  HistogramResponse,
  LoginBody,
  LoginResponse,
  MeResponse,
  RevokeCredentialResponse,
  RuleBody,
  RulePatch,
  RuleRecord,
  SearchQuery,
  SearchResponse,
  SiteHealthResponse,
  SiteSummary,
  TimelineResponse,
  TokenCreateBody,
  TokenCreateResponse,
  TokenRecord,
  UserCreateBody,
  UserPatchBody,
  UserRecord,
  UserResponse,
  WebhookBody,
  WebhookDeliveryRecord,
  WebhookPatch,
  WebhookRecord,
} from '@argus/contracts';
import { ConsoleErrorCode } from '../errors.js';

/**
 * The console's one HTTP client for the cloud API (docs/api.md). Every
 * request carries the session cookie (`credentials: 'same-origin'`); every
 * failure surfaces as an ApiRequestError carrying the API's stable `code`, so
 * the UI can branch on codes and show the API's message as is. A 401 from any
 * call but the login itself means the session is gone: the client reports it
 * through `onUnauthorized`, and the app shows the login page.
 */

/** Error code the cloud answers when a playback range holds no segments. */
export const NO_RECORDING_CODE = 'CLD_ERR_NO_RECORDING' satisfies CloudErrorCode;

/** Requests give up after this long (ms); lists refresh anyway and forms can be resubmitted. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Agent commands wait on the agent (a discovery, a probe with a preview): beyond the cloud's own wait (ARGUS_COMMAND_TIMEOUT_SECONDS, 15 s by default). */
const COMMAND_REQUEST_TIMEOUT_MS = 30_000; // used by sendCommand

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  /** A CLD_ERR_* code from the cloud, or a CONSOLE_ERR_* code from errors.ts. */
  readonly code: string;
  /** The request field the cloud blamed, when it named one. */
  readonly field: string | undefined;
  /** Seconds to wait before trying again (Retry-After of a 429), when the cloud said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    init: { status: number; code: string; message: string; field?: string | undefined; retryAfterSeconds?: number | undefined },
    options?: ErrorOptions,
  ) {
    super(init.message, options);
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export interface TimeRange {
  from: Date;
  to: Date;
}

/** Filters of the event list (GET /api/events); instants as Date, the rest as the API takes them. */
export interface EventFilter {
  cameraId?: string | undefined;
  /** One exact label (`motion`, `person`, …). */
  label?: string | undefined;
  /** Events that were still going on at or after this instant. */
  from?: Date | undefined;
  /** Events that started before this instant. */
  to?: Date | undefined;
  limit?: EventQuery['limit'];
}

/** Filters of the audit log; instants as Date, the rest as the API takes them. */
export interface AuditFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  limit?: AuditQuery['limit'];
}

/** Filters of the alert inbox (GET /api/alerts); instants as Date, the rest as the API takes them. */
export interface AlertFilter {
  state?: AlertQuery['state'];
  cameraId?: string | undefined;
  /** Alerts whose event started at or after this instant. */
  from?: Date | undefined;
  /** Alerts whose event started before this instant. */
  to?: Date | undefined;
  limit?: AlertQuery['limit'];
}

/** Filters of the evidence lock list (GET /api/evidence-locks); instants as Date. */
export interface EvidenceLockFilter {
  cameraId?: string | undefined;
  /** Locks overlapping [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Released locks too (default: only those that hold). */
  released?: boolean | undefined;
}

export interface ApiClient {
  /** GET /api/auth/providers (public): how this cloud lets people sign in. */
  authProviders(signal?: AbortSignal): Promise<AuthProvidersResponse>;
  /** POST /api/auth/login: sets the session cookie. A 401 here is a wrong email or password, not an expired session. */
  login(body: LoginBody): Promise<LoginResponse>;
  /** POST /api/auth/logout: ends the session. */
  logout(): Promise<void>;
  /** GET /api/auth/me: who is signed in, in which organisation, allowed to do what. */
  me(signal?: AbortSignal): Promise<MeResponse>;

  /** GET /api/cameras. */
  listCameras(signal?: AbortSignal): Promise<CameraSummary[]>;
  /** URL of the camera's live HLS playlist (sliding window). */
  livePlaylistUrl(cameraId: string): string;
  /** URL of GET /api/cameras/:id (camera.view): asked why a live view was refused. */
  cameraUrl(cameraId: string): string;
  /** GET /api/me/layouts: the signed-in user's saved Live wall layouts. */
  getLayouts(signal?: AbortSignal): Promise<LayoutsDocument>;
  /** PUT /api/me/layouts: replaces them. */
  saveLayouts(document: LayoutsDocument): Promise<LayoutsDocument>;
  /** URL of a stored JPEG (an event's snapshot) by its media key, for an <img>. */
  mediaUrl(key: string): string;
  /** URL of the camera's VOD playlist for a time range. */
  playbackPlaylistUrl(cameraId: string, range: TimeRange): string;
  /**
   * Fetches a playlist URL only to learn why it failed. hls.js and the native
   * player report a status at best, but the UI needs the cloud's code (e.g.
   * CLD_ERR_NO_RECORDING vs CLD_ERR_CAMERA_NOT_FOUND) and message.
   * Resolves to null when the playlist now loads fine (a transient failure).
   */
  explainPlaylistFailure(url: string, signal?: AbortSignal): Promise<ApiRequestError | null>;
  /** GET /api/cameras/:id/timeline: recorded spans, offline periods and events of a range (at most MAX_TIMELINE_MS). */
  getTimeline(cameraId: string, range: TimeRange, signal?: AbortSignal): Promise<TimelineResponse>;

  /**
   * GET /api/events (camera.view): events of the cameras the caller may see
   * overlapping [from, to), newest start first, at most `limit`; health
   * events (camera-offline, …) included unless a label is asked for.
   */
  listEvents(filter: EventFilter, signal?: AbortSignal): Promise<EventRecord[]>;

  /** GET /api/cameras/:id/detection: the camera's motion detection settings (defaults until first saved). */
  getDetection(cameraId: string, signal?: AbortSignal): Promise<DetectionResponse>;
  /**
   * PUT /api/cameras/:id/detection (camera.configure): the camera's agent applies the
   * patch before the cloud stores it; 409 CLD_ERR_AGENT_NOT_CONNECTED, 502 CLD_ERR_AGENT_REFUSED.
   */
  saveDetection(cameraId: string, patch: DetectionPatch): Promise<DetectionResponse>;
  /** POST /api/cameras/:id/snapshot (camera.control): a JPEG taken now by the camera's agent, with its media URL. */
  takeSnapshot(cameraId: string): Promise<CameraSnapshotResponse>;

  /** GET /api/sites. */
  listSites(signal?: AbortSignal): Promise<SiteSummary[]>;
  /** GET /api/sites/:id/health: the site's agents and cameras as they are now. */
  siteHealth(siteId: string, signal?: AbortSignal): Promise<SiteHealthResponse>;
  /** GET /api/sites/:id/health/history?hours=: each camera's and agent's health periods over the last `hours`. */
  siteHealthHistory(siteId: string, hours: number, signal?: AbortSignal): Promise<HealthHistoryResponse>;
  /** GET /api/live/sessions (site.manage): open live views of the organisation on the replica answering, with viewers and bytes per second. */
  liveSessions(signal?: AbortSignal): Promise<LiveSessionsResponse>;
  /** POST /api/sites/:id/enrollment-tokens (site.manage): the answer holds the one-time token, the only time it is sent. */
  createEnrollmentToken(siteId: string, body: EnrollmentTokenBody): Promise<EnrollmentTokenResponse>;
  /**
   * POST /api/agents/:id/commands (camera.control / camera.configure by
   * command, audited): the command's result. An agent's refusal comes as an
   * ApiRequestError with status 200 and the agent's EDGE_ERR_* code.
   */
  sendCommand<C extends CommandType>(agentId: string, type: C, args: CommandArgs<C>, timeoutMs?: number): Promise<CommandResult<C>>;

  /** GET /api/users (user.manage). */
  listUsers(signal?: AbortSignal): Promise<UserRecord[]>;
  /** POST /api/users; 409 CLD_ERR_USER_CONFLICT when the email is taken. */
  createUser(body: UserCreateBody): Promise<UserRecord>;
  /** PATCH /api/users/:id; 409 CLD_ERR_LAST_ADMIN when no admin would be left. */
  updateUser(id: string, body: UserPatchBody): Promise<UserRecord>;
  /** DELETE /api/users/:id. */
  deleteUser(id: string): Promise<void>;

  /** GET /api/tokens (token.manage): without the token values. */
  listTokens(signal?: AbortSignal): Promise<TokenRecord[]>;
  /** POST /api/tokens: the answer holds the token value, the only time it is ever sent. */
  createToken(body: TokenCreateBody): Promise<TokenCreateResponse>;
  /** DELETE /api/tokens/:id. */
  deleteToken(id: string): Promise<void>;

  /** GET /api/agents (site.manage). */
  listAgents(signal?: AbortSignal): Promise<AgentHealth[]>;
  /** DELETE /api/agents/:id/credential (agent.revoke). */
  revokeAgent(id: string): Promise<RevokeCredentialResponse>;

  /** GET /api/audit (audit.view), newest first. */
  listAudit(filter: AuditFilter, signal?: AbortSignal): Promise<AuditRecord[]>;

  /** GET /api/rules (camera.view): the alert rules the caller may see. */
  listRules(signal?: AbortSignal): Promise<RuleRecord[]>;
  /** POST /api/rules (rule.manage); 400 CLD_ERR_VALIDATION names the field (`schedule.timeZone`, `cameraIds`, …). */
  createRule(body: RuleBody): Promise<RuleRecord>;
  /** PATCH /api/rules/:id (rule.manage): fields left out keep their value; `enabled` pauses the rule. */
  updateRule(id: string, patch: RulePatch): Promise<RuleRecord>;
  /** DELETE /api/rules/:id (rule.manage): its alerts stay. */
  deleteRule(id: string): Promise<void>;

  /** GET /api/alerts (camera.view): newest opened first. */
  listAlerts(filter: AlertFilter, signal?: AbortSignal): Promise<AlertRecord[]>;

  /** GET /api/search (camera.view): one page of events matching the filters; `nextCursor` continues it. */
  search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResponse>;
  /** GET /api/search/histogram (camera.view): matching events per hour or day of the range, empty buckets included. */
  searchHistogram(query: HistogramQuery, signal?: AbortSignal): Promise<HistogramResponse>;
  /** POST /api/alerts/:id/ack (alert.handle); 409 CLD_ERR_ALERT_STATE unless open. */
  acknowledgeAlert(id: string, note?: string): Promise<AlertRecord>;
  /** POST /api/alerts/:id/resolve (alert.handle); 409 CLD_ERR_ALERT_STATE once resolved. */
  resolveAlert(id: string, note?: string): Promise<AlertRecord>;
  /** POST /api/alerts/:id/assign (alert.handle): a user's email, or null to unassign; 409 once resolved. */
  assignAlert(id: string, assignee: string | null): Promise<AlertRecord>;

  /** GET /api/webhooks (webhook.manage): never their secrets. */
  listWebhooks(signal?: AbortSignal): Promise<WebhookRecord[]>;
  /** POST /api/webhooks (webhook.manage). */
  createWebhook(body: WebhookBody): Promise<WebhookRecord>;
  /** PATCH /api/webhooks/:id: `enabled: true` also resets the failure count. */
  updateWebhook(id: string, patch: WebhookPatch): Promise<WebhookRecord>;
  /** DELETE /api/webhooks/:id: its queue goes with it. */
  deleteWebhook(id: string): Promise<void>;
  /** GET /api/webhooks/:id/deliveries, newest first. */
  listDeliveries(webhookId: string, limit?: number, signal?: AbortSignal): Promise<WebhookDeliveryRecord[]>;
  /** POST /api/webhooks/:id/deliveries/:deliveryId/replay: the delivery, pending again (same id and body). */
  replayDelivery(webhookId: string, deliveryId: string): Promise<WebhookDeliveryRecord>;

  /** GET /api/evidence-locks (camera.view): the locks overlapping the range, held ones only unless `released`. */
  listEvidenceLocks(filter: EvidenceLockFilter, signal?: AbortSignal): Promise<EvidenceLockRecord[]>;
  /** POST /api/evidence-locks (evidence.manage): 201 the lock; 400 names the field (`from`, `to`, `reason`). */
  createEvidenceLock(body: EvidenceLockBody): Promise<EvidenceLockRecord>;
  /** DELETE /api/evidence-locks/:id (evidence.manage): the lock, released (releasing twice changes nothing). */
  releaseEvidenceLock(id: string): Promise<EvidenceLockRecord>;
  /** POST /api/exports (evidence.manage): 202 the export, queued; 422 CLD_ERR_EXPORT_EMPTY when nothing was recorded. */
  createExport(body: ExportBody): Promise<ExportRecord>;
  /** GET /api/exports/:id (evidence.manage): the export's state, and its clip and manifest URLs once done. */
  getExport(id: string, signal?: AbortSignal): Promise<ExportRecord>;
  /** GET /api/exports (evidence.manage): the organisation's exports, newest first. */
  listExports(limit?: number, signal?: AbortSignal): Promise<ExportRecord[]>;
  /** A path the cloud answered (an export's clipUrl, manifestUrl) as the console fetches it. */
  cloudUrl(path: string): string;

  /**
   * URL of the Server-Sent Events stream (GET /api/stream) for an
   * EventSource; `lastEventId` resumes after that position (a new
   * EventSource cannot set the Last-Event-ID header itself).
   */
  streamUrl(lastEventId?: string): string;
}

export interface ApiClientOptions {
  /** Prefix for every path; '' means same origin as the console (the cloud serves it). */
  baseUrl?: string;
  /** Injected for tests; defaults to the browser's fetch. */
  fetch?: typeof fetch;
  /** Called on a 401 from any request but the login: the session ended or never was. */
  onUnauthorized?: (error: ApiRequestError) => void;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  /** The login's 401 is a wrong password, not a lost session. */
  unauthorizedIsSessionEnd?: boolean;
  /** Gives up after this long (ms); default REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** A query object as query-string values (numbers as text, undefined left out). */
function queryOf(query: object): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, value === undefined ? undefined : String(value)]));
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  // Bound to globalThis: calling an unbound window.fetch throws "Illegal invocation".
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const cameraPath = (cameraId: string): string => `${baseUrl}/api/cameras/${encodeURIComponent(cameraId)}`;
  const id = encodeURIComponent;

  /** Sends one request; resolves to the parsed JSON body, or undefined for 204. */
  async function request(method: Method, path: string, init: RequestOptions = {}): Promise<unknown> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(init.query ?? {})) if (value !== undefined) query.set(key, value);
    const url = `${baseUrl}${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
    const timeout = AbortSignal.timeout(init.timeoutMs ?? REQUEST_TIMEOUT_MS);
    const headers: Record<string, string> = { accept: 'application/json' };
    // No content-type without a body: the cloud refuses an empty JSON body.
    if (init.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: init.body === undefined ? null : JSON.stringify(init.body),
        signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
      });
    } catch (cause) {
      throw networkError(cause);
    }
    if (!response.ok) {
      const error = apiErrorFromBody(response.status, await response.text(), response.headers.get('retry-after'));
      if (response.status === 401 && init.unauthorizedIsSessionEnd !== false) options.onUnauthorized?.(error);
      throw error;
    }
    if (response.status === 204) return undefined;
    try {
      return (await response.json()) as unknown;
    } catch (cause) {
      throw new ApiRequestError(
        { status: response.status, code: ConsoleErrorCode.BAD_RESPONSE, message: `Invalid JSON from ${path}` },
        { cause },
      );
    }
  }

  /** GETs a list wrapped in an object (`{ cameras: [...] }`) and unwraps it, checking the shape. */
  async function getList<T>(
    path: string,
    key: string,
    what: string,
    signal?: AbortSignal,
    query?: Record<string, string | undefined>,
  ): Promise<T[]> {
    const body = await request('GET', path, { signal, query });
    const list = isRecord(body) ? body[key] : undefined;
    if (!Array.isArray(list) || !list.every(hasStringId)) throw badResponse(`The ${what} from the cloud has an unexpected shape`);
    return list as T[];
  }

  async function expectRecord<T>(promise: Promise<unknown>, check: (value: Record<string, unknown>) => boolean, what: string): Promise<T> {
    const body = await promise;
    if (!isRecord(body) || !check(body)) throw badResponse(`The ${what} from the cloud has an unexpected shape`);
    return body as T;
  }

  return {
    authProviders: (signal) =>
      expectRecord<AuthProvidersResponse>(
        request('GET', '/api/auth/providers', { signal }),
        (b) => typeof b['password'] === 'boolean' && (b['sso'] === null || isRecord(b['sso'])),
        'sign-in options',
      ),
    async login(body) {
      return expectRecord<LoginResponse>(
        request('POST', '/api/auth/login', { body, unauthorizedIsSessionEnd: false }),
        (b) => isRecord(b['user']),
        'login answer',
      );
    },
    async logout() {
      // Already signed out is signed out: no login page bounce for that.
      await request('POST', '/api/auth/logout', { unauthorizedIsSessionEnd: false });
    },
    me: (signal) =>
      expectRecord<MeResponse>(
        request('GET', '/api/auth/me', { signal }),
        (b) => isRecord(b['user']) && isRecord(b['org']) && Array.isArray(b['permissions']),
        'identity',
      ),

    listCameras: (signal) => getList<CameraSummary>('/api/cameras', 'cameras', 'camera list', signal),
    livePlaylistUrl(cameraId) {
      return `${cameraPath(cameraId)}/live.m3u8`;
    },
    cameraUrl: (cameraId) => cameraPath(cameraId),
    getLayouts: (signal) =>
      expectRecord<LayoutsDocument>(request('GET', '/api/me/layouts', { signal }), (b) => Array.isArray(b['layouts']), 'saved layouts'),
    saveLayouts: (document) =>
      expectRecord<LayoutsDocument>(request('PUT', '/api/me/layouts', { body: document }), (b) => Array.isArray(b['layouts']), 'saved layouts'),
    mediaUrl(key) {
      // Media keys are path segments already (org/<org>/cam/<camera>/…/<ms>.jpg): kept as they are, like the cloud's own URLs.
      return `${baseUrl}/api/media/${key}`;
    },
    playbackPlaylistUrl(cameraId, range) {
      const query = new URLSearchParams({ from: range.from.toISOString(), to: range.to.toISOString() });
      return `${cameraPath(cameraId)}/playback.m3u8?${query.toString()}`;
    },
    async explainPlaylistFailure(url, signal) {
      let response: Response;
      try {
        response = await doFetch(url, { credentials: 'same-origin', signal: signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      } catch (cause) {
        return networkError(cause);
      }
      if (response.ok) {
        // Drain so the connection is reusable; the body itself is not needed.
        await response.body?.cancel();
        return null;
      }
      const error = apiErrorFromBody(response.status, await response.text());
      if (response.status === 401) options.onUnauthorized?.(error);
      return error;
    },

    getTimeline: (cameraId, range, signal) =>
      expectRecord<TimelineResponse>(
        request('GET', `/api/cameras/${id(cameraId)}/timeline`, {
          signal,
          query: { from: range.from.toISOString(), to: range.to.toISOString() },
        }),
        (b) => Array.isArray(b['recorded']) && Array.isArray(b['offline']) && Array.isArray(b['events']),
        'timeline',
      ),
    listEvents: (filter, signal) =>
      getList<EventRecord>('/api/events', 'events', 'event list', signal, {
        cameraId: blankToUndefined(filter.cameraId),
        label: blankToUndefined(filter.label),
        from: filter.from?.toISOString(),
        to: filter.to?.toISOString(),
        limit: filter.limit === undefined ? undefined : String(filter.limit),
      }),
    getDetection: (cameraId, signal) =>
      expectRecord<DetectionResponse>(
        request('GET', `/api/cameras/${id(cameraId)}/detection`, { signal }),
        (b) => isRecord(b['detection']),
        'detection settings',
      ),
    saveDetection: (cameraId, patch) =>
      expectRecord<DetectionResponse>(
        request('PUT', `/api/cameras/${id(cameraId)}/detection`, { body: patch }),
        (b) => isRecord(b['detection']),
        'saved detection settings',
      ),
    takeSnapshot: (cameraId) =>
      expectRecord<CameraSnapshotResponse>(
        request('POST', `/api/cameras/${id(cameraId)}/snapshot`),
        (b) => typeof b['url'] === 'string' && typeof b['key'] === 'string',
        'snapshot',
      ),

    listSites: (signal) => getList<SiteSummary>('/api/sites', 'sites', 'site list', signal),
    siteHealth: (siteId, signal) =>
      expectRecord<SiteHealthResponse>(
        request('GET', `/api/sites/${id(siteId)}/health`, { signal }),
        (b) => Array.isArray(b['agents']) && Array.isArray(b['cameras']),
        'site health',
      ),
    liveSessions: (signal) =>
      expectRecord<LiveSessionsResponse>(request('GET', '/api/live/sessions', { signal }), (b) => Array.isArray(b['sessions']), 'live sessions'),
    siteHealthHistory: (siteId, hours, signal) =>
      expectRecord<HealthHistoryResponse>(
        request('GET', `/api/sites/${id(siteId)}/health/history`, { signal, query: { hours: String(hours) } }),
        (b) => typeof b['from'] === 'string' && Array.isArray(b['agents']) && Array.isArray(b['cameras']),
        'site health history',
      ),
    createEnrollmentToken: (siteId, body) =>
      expectRecord<EnrollmentTokenResponse>(
        request('POST', `/api/sites/${id(siteId)}/enrollment-tokens`, { body }),
        (b) => typeof b['token'] === 'string' && typeof b['expiresAt'] === 'string',
        'enrollment token',
      ),
    async sendCommand(agentId, type, args, timeoutMs) {
      const ack = await expectRecord<CommandResponse>(
        request('POST', `/api/agents/${id(agentId)}/commands`, { body: { type, args, ...(timeoutMs === undefined ? {} : { timeoutMs }) }, timeoutMs: COMMAND_REQUEST_TIMEOUT_MS }),
        (b) => typeof b['ok'] === 'boolean',
        'command answer',
      );
      if (!ack.ok) throw new ApiRequestError({ status: 200, code: ack.error?.code ?? 'EDGE_ERR_COMMAND_FAILED', message: ack.error?.message ?? `${type} failed` });
      return ack.result as CommandResult<typeof type>;
    },

    listUsers: (signal) => getList<UserRecord>('/api/users', 'users', 'user list', signal),
    async createUser(body) {
      const answer = await expectRecord<UserResponse>(request('POST', '/api/users', { body }), (b) => hasStringId(b['user']), 'new user');
      return answer.user;
    },
    async updateUser(userId, body) {
      const answer = await expectRecord<UserResponse>(
        request('PATCH', `/api/users/${id(userId)}`, { body }),
        (b) => hasStringId(b['user']),
        'changed user',
      );
      return answer.user;
    },
    async deleteUser(userId) {
      await request('DELETE', `/api/users/${id(userId)}`);
    },

    listTokens: (signal) => getList<TokenRecord>('/api/tokens', 'tokens', 'token list', signal),
    createToken: (body) =>
      expectRecord<TokenCreateResponse>(
        request('POST', '/api/tokens', { body }),
        (b) => typeof b['id'] === 'string' && typeof b['token'] === 'string',
        'new token',
      ),
    async deleteToken(tokenId) {
      await request('DELETE', `/api/tokens/${id(tokenId)}`);
    },

    listAgents: (signal) => getList<AgentHealth>('/api/agents', 'agents', 'agent list', signal),
    revokeAgent: (agentId) =>
      expectRecord<RevokeCredentialResponse>(
        request('DELETE', `/api/agents/${id(agentId)}/credential`),
        (b) => typeof b['revokedAt'] === 'string',
        'revocation',
      ),

    listAudit: (filter, signal) =>
      getList<AuditRecord>('/api/audit', 'entries', 'audit log', signal, {
        from: filter.from?.toISOString(),
        to: filter.to?.toISOString(),
        actor: blankToUndefined(filter.actor),
        action: blankToUndefined(filter.action),
        limit: filter.limit === undefined ? undefined : String(filter.limit),
      }),

    listRules: (signal) => getList<RuleRecord>('/api/rules', 'rules', 'rule list', signal),
    createRule: (body) => expectRecord<RuleRecord>(request('POST', '/api/rules', { body }), hasStringId, 'new rule'),
    updateRule: (ruleId, patch) => expectRecord<RuleRecord>(request('PATCH', `/api/rules/${id(ruleId)}`, { body: patch }), hasStringId, 'changed rule'),
    async deleteRule(ruleId) {
      await request('DELETE', `/api/rules/${id(ruleId)}`);
    },

    listAlerts: (filter, signal) =>
      getList<AlertRecord>('/api/alerts', 'alerts', 'alert list', signal, {
        state: filter.state,
        cameraId: blankToUndefined(filter.cameraId),
        from: filter.from?.toISOString(),
        to: filter.to?.toISOString(),
        limit: filter.limit === undefined ? undefined : String(filter.limit),
      }),
    search: (query, signal) =>
      expectRecord<SearchResponse>(
        request('GET', '/api/search', { signal, query: queryOf(query) }),
        (b) => Array.isArray(b['hits']) && (b['nextCursor'] === null || typeof b['nextCursor'] === 'string'),
        'search results',
      ),
    searchHistogram: (query, signal) =>
      expectRecord<HistogramResponse>(
        request('GET', '/api/search/histogram', { signal, query: queryOf(query) }),
        (b) => Array.isArray(b['buckets']) && typeof b['bucket'] === 'string',
        'histogram',
      ),
    acknowledgeAlert: (alertId, note) =>
      expectRecord<AlertRecord>(request('POST', `/api/alerts/${id(alertId)}/ack`, { body: noteBody(note) }), isAlert, 'acknowledged alert'),
    resolveAlert: (alertId, note) =>
      expectRecord<AlertRecord>(request('POST', `/api/alerts/${id(alertId)}/resolve`, { body: noteBody(note) }), isAlert, 'resolved alert'),
    assignAlert: (alertId, assignee) =>
      expectRecord<AlertRecord>(request('POST', `/api/alerts/${id(alertId)}/assign`, { body: { assignee } }), isAlert, 'assigned alert'),

    listWebhooks: (signal) => getList<WebhookRecord>('/api/webhooks', 'webhooks', 'webhook list', signal),
    createWebhook: (body) => expectRecord<WebhookRecord>(request('POST', '/api/webhooks', { body }), hasStringId, 'new webhook'),
    updateWebhook: (hookId, patch) =>
      expectRecord<WebhookRecord>(request('PATCH', `/api/webhooks/${id(hookId)}`, { body: patch }), hasStringId, 'changed webhook'),
    async deleteWebhook(hookId) {
      await request('DELETE', `/api/webhooks/${id(hookId)}`);
    },
    listDeliveries: (hookId, limit, signal) =>
      getList<WebhookDeliveryRecord>(`/api/webhooks/${id(hookId)}/deliveries`, 'deliveries', 'delivery log', signal, {
        limit: limit === undefined ? undefined : String(limit),
      }),
    replayDelivery: (hookId, deliveryId) =>
      expectRecord<WebhookDeliveryRecord>(
        request('POST', `/api/webhooks/${id(hookId)}/deliveries/${id(deliveryId)}/replay`),
        hasStringId,
        'replayed delivery',
      ),

    listEvidenceLocks: (filter, signal) =>
      getList<EvidenceLockRecord>('/api/evidence-locks', 'locks', 'evidence lock list', signal, {
        cameraId: blankToUndefined(filter.cameraId),
        from: filter.from?.toISOString(),
        to: filter.to?.toISOString(),
        released: filter.released === undefined ? undefined : String(filter.released),
      }),
    createEvidenceLock: (body) => expectRecord<EvidenceLockRecord>(request('POST', '/api/evidence-locks', { body }), hasStringId, 'new evidence lock'),
    releaseEvidenceLock: (lockId) =>
      expectRecord<EvidenceLockRecord>(request('DELETE', `/api/evidence-locks/${id(lockId)}`), hasStringId, 'released evidence lock'),
    createExport: (body) => expectRecord<ExportRecord>(request('POST', '/api/exports', { body }), isExport, 'new export'),
    getExport: (exportId, signal) => expectRecord<ExportRecord>(request('GET', `/api/exports/${id(exportId)}`, { signal }), isExport, 'export'),
    listExports: (limit, signal) =>
      getList<ExportRecord>('/api/exports', 'exports', 'export list', signal, { limit: limit === undefined ? undefined : String(limit) }),
    cloudUrl(path) {
      return /^https?:\/\//.test(path) ? path : `${baseUrl}${path}`;
    },

    streamUrl(lastEventId) {
      return `${baseUrl}/api/stream${lastEventId === undefined ? '' : `?${new URLSearchParams({ lastEventId }).toString()}`}`;
    },
  };
}

/** The body of an acknowledgement or resolution: the note when one was written, else nothing to say. */
function noteBody(note: string | undefined): { note?: string } {
  const trimmed = note?.trim();
  return trimmed === undefined || trimmed === '' ? {} : { note: trimmed };
}

/** The fields the inbox relies on, checked on every alert the cloud returns or streams. */
export function isAlert(value: unknown): value is AlertRecord {
  return (
    isRecord(value) &&
    typeof value['id'] === 'string' &&
    typeof value['state'] === 'string' &&
    typeof value['openedAt'] === 'string' &&
    typeof value['eventStartedAt'] === 'string' &&
    typeof value['ruleName'] === 'string'
  );
}

/** The fields the export views rely on (state drives the polling). */
function isExport(value: unknown): value is ExportRecord {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['state'] === 'string' && typeof value['cameraId'] === 'string';
}

/**
 * Builds the typed error from an error response's status, raw body text and
 * Retry-After header (seconds, or an HTTP date).
 */
export function apiErrorFromBody(status: number, bodyText: string, retryAfter?: string | null): ApiRequestError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText) as unknown;
  } catch {
    parsed = undefined; // Not JSON (e.g. a proxy's HTML page): fall through to a generic error.
  }
  const retryAfterSeconds = parseRetryAfter(retryAfter ?? null);
  if (isErrorResponse(parsed)) {
    return new ApiRequestError({ status, code: parsed.code, message: parsed.message, field: parsed.field, retryAfterSeconds });
  }
  return new ApiRequestError({ status, code: ConsoleErrorCode.HTTP, message: `The cloud answered HTTP ${status}`, retryAfterSeconds });
}

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Any thrown value as an ApiRequestError, so views show one kind of error. */
export function toApiError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  return new ApiRequestError({ status: 0, code: ConsoleErrorCode.NETWORK, message: String(error) }, { cause: error });
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

function badResponse(message: string): ApiRequestError {
  return new ApiRequestError({ status: 200, code: ConsoleErrorCode.BAD_RESPONSE, message });
}

function blankToUndefined(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function hasStringId(value: unknown): boolean {
  return isRecord(value) && typeof value['id'] === 'string';
}

function isErrorResponse(value: unknown): value is ErrorResponse {
  return isRecord(value) && typeof value['code'] === 'string' && typeof value['message'] === 'string';
}
