/**
 * Request and response types of the HTTP API, derived from the route
 * schemas (the single source). Type-only: the console imports these with
 * `import type`, which pulls in no server code.
 */
export type { ErrorResponse } from './http/common.schemas.js';
export type { CameraUpsertBody, CameraSummary, CameraResponse, CameraListResponse } from './cameras/cameras.schemas.js';
export type {
  SegmentRegistration,
  SegmentRecord,
  SegmentRegisterResponse,
  SegmentListResponse,
  RangeQuery,
  UploadRequest,
  UploadResponse,
} from './recordings/segments.schemas.js';
export type {
  SiteCreateBody,
  Site,
  SiteResponse,
  EnrollmentTokenBody,
  EnrollmentTokenResponse,
  EnrollBody,
  EnrollResponse,
  HeartbeatBody,
  HeartbeatCamera,
  HeartbeatResponse,
  AgentHealth,
  CameraHealth,
  SiteSummary,
  SiteListResponse,
  SiteHealthResponse,
} from './agents/agents.schemas.js';
export type { IncomingEvent, EventBatchBody, EventBatchResponse, EventRecord, EventQuery, EventListResponse } from './events/events.schemas.js';
export type { CommandBody, CommandResponse } from './control/control.schemas.js';
export type { CommandType, AckMessage, CommandMessage, HelloMessage } from '@argus/core';
export type { CloudErrorCode } from './errors.js';
