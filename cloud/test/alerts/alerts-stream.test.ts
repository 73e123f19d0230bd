import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord } from '@argus/contracts';
import { adminHeaders, edgeHeaders, putCamera, userSession } from '../support/test-cloud.js';
import { SseClient } from '../stream/sse-client.js';
import { startTwoClouds, type TwoClouds } from '../stream/two-clouds.js';

/**
 * Alerts pushed live: an event posted to replica A opens an alert that an
 * operator's stream on replica B receives within a second; its
 * acknowledgement on B reaches a second operator's stream on A; a viewer's
 * stream sees the alert but the API refuses the viewer's acknowledgement.
 */
describe('alerts on the stream, across replicas', () => {
  let clouds: TwoClouds;
  let operator: Record<string, string>;
  let viewer: Record<string, string>;

  beforeAll(async () => {
    clouds = await startTwoClouds();
    await putCamera(clouds.a.app, 'gate-3');
    operator = (await userSession(clouds.a.app, { email: 'op@stream-alerts.test', role: 'operator' })).headers;
    viewer = (await userSession(clouds.a.app, { email: 'viewer@stream-alerts.test', role: 'viewer' })).headers;
    const rule = await clouds.a.app.inject({ method: 'POST', url: '/api/rules', headers: adminHeaders, payload: { name: 'Motion at gate 3', cameraIds: ['gate-3'], labels: ['motion'], severity: 'medium', cooldownSeconds: 0 } });
    expect(rule.statusCode, rule.body).toBe(201);
  });
  afterAll(() => clouds?.close());

  it('opens on A, reaches B\'s stream within a second; the acknowledgement on B reaches A\'s; a viewer sees it and may not acknowledge it', async () => {
    const onB = await SseClient.open(`${clouds.b.url}/api/stream`, operator);
    const onA = await SseClient.open(`${clouds.a.url}/api/stream`, operator);
    const viewerOnA = await SseClient.open(`${clouds.a.url}/api/stream`, viewer);
    try {
      const sent = Date.now();
      const posted = await fetch(`${clouds.a.url}/api/events`, {
        method: 'POST',
        headers: { ...edgeHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ id: '3d1c2d3e-0000-4000-8000-000000000001', phase: 'start', cameraId: 'gate-3', label: 'motion', score: 1, startedAt: new Date(clouds.a.clock.now).toISOString() }] }),
      });
      expect(posted.status).toBe(200);
      const opened = JSON.parse((await onB.next('alert', 5000)).data) as AlertRecord;
      expect(Date.now() - sent, 'event accepted → alert on the other replica (ms)').toBeLessThan(1000);
      expect(opened).toMatchObject({ state: 'open', cameraId: 'gate-3', label: 'motion', ruleName: 'Motion at gate 3' });
      expect((JSON.parse((await viewerOnA.next('alert')).data) as AlertRecord).id).toBe(opened.id);

      const refused = await fetch(`${clouds.a.url}/api/alerts/${opened.id}/ack`, { method: 'POST', headers: { ...viewer, 'content-type': 'application/json' }, body: '{}' });
      expect(refused.status).toBe(403);
      const acked = await fetch(`${clouds.b.url}/api/alerts/${opened.id}/ack`, { method: 'POST', headers: { ...operator, 'content-type': 'application/json' }, body: JSON.stringify({ note: 'looking' }) });
      expect(acked.status).toBe(200);
      const seenOnA = await onA.nextWhere((m) => m.event === 'alert' && (JSON.parse(m.data) as AlertRecord).state === 'acknowledged');
      expect(JSON.parse(seenOnA.data) as AlertRecord).toMatchObject({ id: opened.id, acknowledgedBy: 'user:op@stream-alerts.test', note: 'looking' });
    } finally {
      onA.close();
      onB.close();
      viewerOnA.close();
    }
  });
});
