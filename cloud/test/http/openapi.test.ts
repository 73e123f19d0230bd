import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startTestCloud, type TestCloud } from '../support/test-cloud.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>>;
}

describe('OpenAPI document', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud?.close());

  it('is generated from the route schemas and lists the API', async () => {
    const res = await cloud.app.inject({ method: 'GET', url: '/api/openapi.json', headers: adminHeaders });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as OpenApiDocument;
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      ['/api/segments', 'post'],
      ['/api/uploads', 'post'],
      ['/api/events', 'post'],
      ['/api/cameras', 'get'],
      ['/api/cameras/{id}', 'put'],
      ['/api/cameras/{id}/playback.m3u8', 'get'],
      ['/api/agents/enroll', 'post'],
      ['/api/agents/heartbeat', 'post'],
    ] as const) {
      expect(doc.paths[path], path).toHaveProperty(method);
    }
    // The request schema is the one the route validates with: the segment registration's required fields.
    const required = doc.paths['/api/segments']!.post!.requestBody!.content['application/json']!.schema.required;
    expect(required).toEqual(expect.arrayContaining(['cameraId', 'stream', 'startsAt', 'endsAt', 'bytes', 'sha256', 'key']));
    expect(doc.paths).not.toHaveProperty('/api/openapi.json');
  });
});
