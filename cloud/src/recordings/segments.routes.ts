import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ArgusError, assertSegmentTimes, type Segment } from '@argus/core';
import { CameraIdParams, errors } from '@argus/contracts';
import { agentOf, assertAgentSite, requireScope } from '../http/principal.js';
import { CloudError } from '../errors.js';
import { instantParam } from '../http/instant-param.js';
import type { RecordingsOptions } from './recordings.options.js';
import { checkSegmentKey } from './segment-key.js';
import { toRecord, type IndexedSegment } from './segments.repository.js';
import { RangeQuery, SegmentListResponse, SegmentRegisterResponse, SegmentRegistration } from '@argus/contracts';
import { rangeFromQuery } from './time-query.js';

const LIST_DEFAULT_SPAN_MS = 60 * 60 * 1000; // segments listing without `from`: the last hour

const sameContent = (a: IndexedSegment, b: Segment): boolean =>
  a.sha256 === b.sha256 && a.bytes === b.bytes && a.startsAt === b.startsAt && a.endsAt === b.endsAt && a.cameraId === b.cameraId && a.stream === b.stream;

/** Turns a registration body into a Segment, or throws CLD_ERR_VALIDATION naming the field. */
function segmentOf(body: SegmentRegistration, orgId: string): Segment {
  const startsAt = instantParam('startsAt', body.startsAt);
  const endsAt = instantParam('endsAt', body.endsAt);
  try {
    assertSegmentTimes(startsAt, endsAt);
  } catch (err) {
    if (err instanceof ArgusError) throw new CloudError('CLD_ERR_VALIDATION', `body/endsAt: ${err.message}`, { field: 'endsAt', cause: err });
    throw err;
  }
  checkSegmentKey(body.key, orgId, { cameraId: body.cameraId, stream: body.stream, startsAt });
  return { cameraId: body.cameraId, stream: body.stream, startsAt, endsAt, bytes: body.bytes, sha256: body.sha256, key: body.key };
}

export const segmentsRoutes: FastifyPluginAsyncTypebox<RecordingsOptions> = async (app, { cameras, segments, store, now = Date.now }) => {
  /**
   * Registration is the last step of an upload: the object must already be
   * in the store. Nothing is written unless every check passes; a retry of
   * an indexed segment is answered 200 (the edge outbox is at-least-once).
   */
  app.post('/api/segments', {
    config: { access: 'agent' },
    schema: { body: SegmentRegistration, response: { 200: SegmentRegisterResponse, 201: SegmentRegisterResponse, ...errors(400, 401, 403, 404, 409, 422) } },
  }, async (request, reply) => {
    const agent = agentOf(request.principal);
    const { orgId } = agent;
    const segment = segmentOf(request.body, orgId);
    const log = request.log.child({ cameraId: segment.cameraId, key: segment.key });
    const camera = await cameras.streams({ orgId, siteIds: null }, segment.cameraId);
    if (!camera) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${segment.cameraId}`, { field: 'cameraId' });
    assertAgentSite(agent, camera.siteId, `camera ${segment.cameraId}`);
    if (!camera.streams.includes(segment.stream)) throw new CloudError('CLD_ERR_VALIDATION', `body/stream: camera ${segment.cameraId} has no stream ${segment.stream}`, { field: 'stream' });

    const conflict = (existing: IndexedSegment): CloudError =>
      new CloudError('CLD_ERR_SEGMENT_CONFLICT', `segment ${existing.key} is already indexed with other content (sha256 ${existing.sha256}, ${existing.bytes} bytes)`, { field: 'key' });
    const existing = await segments.findByKey(orgId, segment.key);
    if (existing) {
      if (!sameContent(existing, segment)) throw conflict(existing);
      return reply.status(200).send({ segment: toRecord(existing), created: false });
    }

    const stored = await store.stat(segment.key);
    if (!stored || stored.bytes !== segment.bytes) {
      throw new CloudError(
        'CLD_ERR_SEGMENT_NOT_STORED',
        stored ? `object ${segment.key} has ${stored.bytes} bytes in the store, not ${segment.bytes}` : `object ${segment.key} is not in the store; upload it first (POST /api/uploads)`,
        { field: 'key' },
      );
    }

    const result = await segments.insert(orgId, segment);
    switch (result.outcome) {
      case 'created':
        log.debug({ seq: result.segment.seq }, 'segment indexed');
        return reply.status(201).send({ segment: toRecord(result.segment), created: true });
      case 'exists': // a concurrent registration of the same key won the race
        if (!sameContent(result.segment, segment)) throw conflict(result.segment);
        return reply.status(200).send({ segment: toRecord(result.segment), created: false });
      case 'start-taken':
        throw new CloudError('CLD_ERR_SEGMENT_CONFLICT', `camera ${segment.cameraId} stream ${segment.stream} already has a segment starting at ${new Date(segment.startsAt).toISOString()} under another key`, { field: 'startsAt' });
    }
  });

  app.get('/api/cameras/:id/segments', {
    config: { access: 'camera.view' },
    schema: { params: CameraIdParams, querystring: RangeQuery, response: { 200: SegmentListResponse, ...errors(400, 401, 403, 404) } },
  }, async (request) => {
    const range = rangeFromQuery(request.query, now(), LIST_DEFAULT_SPAN_MS);
    const scope = requireScope(request.principal);
    if (!(await cameras.exists(scope, request.params.id))) throw new CloudError('CLD_ERR_CAMERA_NOT_FOUND', `no camera ${request.params.id}`, { field: 'id' });
    const found = await segments.inRange(scope.orgId, request.params.id, request.query.stream ?? 'main', range);
    return { segments: found.map(toRecord) };
  });
};
