import { createLogger } from '@argus/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDGE_TOKEN, putCamera, startTestCloud, testSegment, uploadAndRegister, type TestCloud } from '../support/test-cloud.js';

describe('request logs', () => {
  const lines: string[] = [];
  let cloud: TestCloud;
  beforeAll(async () => {
    const logger = createLogger({ name: 'argus-cloud-test', level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    cloud = await startTestCloud({ logger });
    await putCamera(cloud.app, 'cam-1');
  });
  afterAll(() => cloud?.close());

  it('carry neither the edge token nor upload signatures', async () => {
    const s = testSegment({ startsAt: Date.UTC(2026, 10, 26, 9) });
    expect((await uploadAndRegister(cloud.app, s)).statusCode).toBe(201);
    // An upload URL with a bad signature gets a logged 403 too.
    await cloud.app.inject({ method: 'PUT', url: `/api/media/${s.key}?expires=1&sha256=${s.sha256}&bytes=${s.bytes}&sig=${'b'.repeat(64)}`, headers: { 'content-type': 'video/mp2t' }, payload: s.content });
    const log = lines.join('');
    expect(log).toContain('/api/media/');
    // Request lines carry the path only: no query, so no signature (and the logger redacts one anywhere else).
    expect(log).not.toMatch(/sig=[a-f0-9]{64}/);
    expect(log).not.toContain('?expires=');
    expect(log).not.toContain(EDGE_TOKEN);
  });
});
