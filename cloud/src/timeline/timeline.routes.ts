import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CameraIdParams, MAX_TIMELINE_EVENTS, MAX_TIMELINE_MS, TimelineQuery, TimelineResponse, errors } from '@argus/contracts';
import type { CamerasRepository } from '../cameras/cameras.repository.js';
import { mergeOverlapping } from '../core/timeline-periods.js';
import { CloudError } from '../errors.js';
import type { EventsRepository } from '../events/events.repository.js';
import { requireScope } from '../http/principal.js';
import type { SegmentsRepository } from '../recordings/segments.repository.js';
import { rangeFromQuery } from '../recordings/time-query.js';

export interface TimelineRoutesOptions {
  readonly cameras: CamerasRepository;
  readonly segments: SegmentsRepository;
  readonly events: EventsRepository;
  /** Clock, epoch ms (where open offline periods end). */
  readonly now: () => number;
}

/**
 * Segments closer than this are one recorded span on the timeline. Larger
 * than the playlists' GAP_TOLERANCE_MS (500 ms): a reconnect that loses a
 * second is worth a discontinuity in a playlist, not a hole in a bar where
 * one pixel is a minute or more.
 */
export const TIMELINE_GAP_MS = 1_500;

const iso = (ms: number): string => new Date(ms).toISOString();
const mediaUrl = (key: string): string => `/api/media/${key}`;

/** What a timeline bar draws for one camera: recorded spans, offline periods, detection events. */
export const timelineRoutes: FastifyPluginAsyncTypebox<TimelineRoutesOptions> = async (app, { cameras, segments, events, now }) => {
  app.get('/api/cameras/:id/timeline', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, querystring: TimelineQuery, response: { 200: TimelineResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const { orgId, siteIds } = requireScope(request.principal);
    const cameraId = request.params.id;
    const range = rangeFromQuery(request.query, now(), MAX_TIMELINE_MS, MAX_TIMELINE_MS);
    if (!(await cameras.exists({ orgId, siteIds }, cameraId))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${cameraId}`, { field: 'id' });
    const [recorded, offline, detections] = await Promise.all([
      segments.recordedSpans(orgId, cameraId, 'main', range, TIMELINE_GAP_MS),
      events.offlinePeriods(orgId, cameraId, range, now()),
      events.timelineEvents(orgId, cameraId, range, MAX_TIMELINE_EVENTS),
    ]);
    return {
      cameraId,
      from: iso(range.from),
      to: iso(range.to),
      recorded: recorded.map((s) => ({ from: iso(s.from), to: iso(s.to) })),
      offline: mergeOverlapping(offline).map((p) => ({ from: iso(p.from), to: iso(p.to), reason: p.reason })),
      events: detections.events.map((e) => ({
        id: e.id,
        label: e.label,
        startedAt: iso(e.startedAt),
        endedAt: e.endedAt === null ? null : iso(e.endedAt),
        score: e.score,
        zones: [...e.zones],
        snapshotUrl: e.snapshotKey === null ? null : mediaUrl(e.snapshotKey),
      })),
      eventsTruncated: detections.truncated,
    };
  });
};
