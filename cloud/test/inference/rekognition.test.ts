import { DetectFacesCommand } from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentInferenceKey, REKOGNITION_MAX_IMAGE_BYTES } from '@argus/contracts';
import { adminHeaders, EDGE_TOKEN, enrollAgent, startTestCloud, type TestCloud } from '../support/test-cloud.js';
import { createKey, detectLabels, FakeDetector, JPEG_LIKE, listen, object, rekognitionClient, sdkFailure, type Credentials } from './inference-support.js';

/**
 * The Rekognition-compatible endpoint driven by the real
 * @aws-sdk/client-rekognition against the cloud listening on 127.0.0.1, with
 * a fake detector: what is under test is the protocol, the signatures, the
 * keys and the label mapping, not the model (inference-model.test.ts).
 */
describe('Rekognition-compatible endpoint', () => {
  let cloud: TestCloud;
  let baseUrl: string;
  let key: Credentials & { id: string };
  const detector = new FakeDetector();

  beforeAll(async () => {
    // A generous rate: this file is about everything but throttling (inference-capacity.test.ts).
    cloud = await startTestCloud({ objectDetector: async () => detector, env: { ARGUS_INFERENCE_KEY_BURST: '1000', ARGUS_INFERENCE_ORG_BURST: '1000' } });
    baseUrl = await listen(cloud);
    key = await createKey(cloud, 'edge site 1');
  });
  afterAll(() => cloud?.close());
  beforeEach(() => {
    // The SDK signs with the real clock; the app's clock follows it.
    cloud.clock.now = Date.now();
    detector.objects = [object('person', 0.91), object('car', 0.82), object('dog', 0.5)];
    detector.calls = [];
    detector.failWith = undefined;
  });

  it('answers DetectLabels in Rekognition\'s shape, with parents as labels and the default MinConfidence of 55', async () => {
    const out = await detectLabels(rekognitionClient(baseUrl, key));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.LabelModelVersion).toBe('fake-detector@1');
    expect(out.Labels?.map((l) => l.Name)).toEqual(['Person', 'Car', 'Vehicle', 'Transportation']);
    const [person, car, vehicle] = out.Labels!;
    expect(person).toEqual({
      Name: 'Person', Confidence: 91, Parents: [], Aliases: [], Categories: [{ Name: 'Person Description' }],
      Instances: [{ BoundingBox: { Width: 0.5, Height: 0.75, Left: 0.25, Top: 0.125 }, Confidence: 91 }],
    });
    expect(car!.Parents).toEqual([{ Name: 'Vehicle' }, { Name: 'Transportation' }]);
    expect(vehicle).toMatchObject({ Name: 'Vehicle', Confidence: 82, Instances: [], Parents: [{ Name: 'Transportation' }] });
    expect(detector.calls).toEqual([{ bytes: JPEG_LIKE.length, minScore: 0.55, maxObjects: 100 }]);
  });

  it('honours MinConfidence, MaxLabels and the label filters', async () => {
    const client = rekognitionClient(baseUrl, key);
    const low = await detectLabels(client, { MinConfidence: 40 });
    expect(low.Labels?.map((l) => l.Name)).toEqual(['Person', 'Car', 'Vehicle', 'Transportation', 'Dog', 'Animal', 'Canine', 'Mammal', 'Pet']);
    expect(low.Labels?.find((l) => l.Name === 'Dog')?.Parents?.map((p) => p.Name)).toEqual(['Animal', 'Canine', 'Mammal', 'Pet']);
    expect(detector.calls.at(-1)?.minScore).toBe(0.4);
    expect((await detectLabels(client, { MinConfidence: 40, MaxLabels: 3 })).Labels?.map((l) => l.Name)).toEqual(['Person', 'Car', 'Vehicle']);
    expect((await detectLabels(client, { MinConfidence: 95 })).Labels).toEqual([]);
    const filtered = await detectLabels(client, { Settings: { GeneralLabels: { LabelInclusionFilters: ['Car', 'Person'] } } });
    expect(filtered.Labels?.map((l) => l.Name)).toEqual(['Person', 'Car']);
  });

  it('refuses a signature made with the wrong secret: InvalidSignatureException, 400', async () => {
    const failure = await sdkFailure(detectLabels(rekognitionClient(baseUrl, { ...key, secretAccessKey: `${key.secretAccessKey}x` })));
    expect(failure).toMatchObject({ name: 'InvalidSignatureException', status: 400, message: expect.stringContaining('signature we calculated does not match') });
    expect(detector.calls).toEqual([]);
  });

  it('refuses an unknown access key: UnrecognizedClientException, 400', async () => {
    const failure = await sdkFailure(detectLabels(rekognitionClient(baseUrl, { accessKeyId: 'ARGUSKEYAAAAAAAAAAAA', secretAccessKey: key.secretAccessKey })));
    expect(failure).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
  });

  it('refuses a key at once after it is revoked', async () => {
    const revocable = await createKey(cloud, 'revocable');
    const client = rekognitionClient(baseUrl, revocable);
    expect((await detectLabels(client)).$metadata.httpStatusCode).toBe(200);
    const res = await cloud.app.inject({ method: 'DELETE', url: `/api/inference-keys/${revocable.id}`, headers: adminHeaders });
    expect(res.statusCode).toBe(200);
    expect(await sdkFailure(detectLabels(client))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
  });

  it('refuses bytes that are not a JPEG or PNG: InvalidImageFormatException, 400', async () => {
    const failure = await sdkFailure(detectLabels(rekognitionClient(baseUrl, key), { Image: { Bytes: Buffer.from('GIF89a, or anything but an image') } }));
    expect(failure).toMatchObject({ name: 'InvalidImageFormatException', status: 400, message: 'Request has invalid image format' });
    expect(detector.calls).toEqual([]);
  });

  it('passes the detector\'s own refusal of an undecodable image on as InvalidImageFormatException', async () => {
    detector.failWith = Object.assign(new Error('corrupt JPEG'), { name: 'InvalidImageError', code: 'MDL_ERR_INVALID_IMAGE' });
    expect(await sdkFailure(detectLabels(rekognitionClient(baseUrl, key)))).toMatchObject({ name: 'InvalidImageFormatException', status: 400 });
  });

  it('refuses an image over 5 MB, and a body far too large for one, with ImageTooLargeException rather than a 413', async () => {
    const client = rekognitionClient(baseUrl, key);
    const justOver = Buffer.concat([JPEG_LIKE, Buffer.alloc(REKOGNITION_MAX_IMAGE_BYTES + 1 - JPEG_LIKE.length)]);
    expect(await sdkFailure(detectLabels(client, { Image: { Bytes: justOver } }))).toMatchObject({ name: 'ImageTooLargeException', status: 400 });
    const huge = Buffer.concat([JPEG_LIKE, Buffer.alloc(12 * 1024 * 1024)]);
    expect(await sdkFailure(detectLabels(client, { Image: { Bytes: huge } }))).toMatchObject({ name: 'ImageTooLargeException', status: 400 });
    // The too-large body is read to its end and answered on an open connection: a client still sending is not reset.
    const raw = await fetch(`${baseUrl}/rekognition`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'RekognitionService.DetectLabels' },
      body: JSON.stringify({ Image: { Bytes: huge.toString('base64') } }),
    });
    expect([raw.status, raw.headers.get('x-amzn-errortype'), raw.headers.get('connection')]).toEqual([400, 'ImageTooLargeException', 'keep-alive']);
    // 5 MB exactly is fine.
    const limit = Buffer.concat([JPEG_LIKE, Buffer.alloc(REKOGNITION_MAX_IMAGE_BYTES - JPEG_LIKE.length)]);
    expect((await detectLabels(client, { Image: { Bytes: limit } })).$metadata.httpStatusCode).toBe(200);
  });

  it('refuses out-of-range parameters and S3 images with InvalidParameterException, 400', async () => {
    const client = rekognitionClient(baseUrl, key);
    for (const input of [{ MaxLabels: -1 }, { MinConfidence: 101 }, { MinConfidence: -0.5 }, { Features: ['IMAGE_PROPERTIES' as const] }]) {
      expect(await sdkFailure(detectLabels(client, input)), JSON.stringify(input)).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    }
    const s3 = await sdkFailure(detectLabels(client, { Image: { S3Object: { Bucket: 'b', Name: 'k.jpg' } } }));
    expect(s3).toMatchObject({ name: 'InvalidParameterException', status: 400, message: expect.stringContaining('S3Object is not supported') });
    expect(detector.calls).toEqual([]);
  });

  it('answers other Rekognition operations with UnknownOperationException', async () => {
    const failure = await sdkFailure(rekognitionClient(baseUrl, key).send(new DetectFacesCommand({ Image: { Bytes: JPEG_LIKE } })));
    expect(failure).toMatchObject({ name: 'UnknownOperationException', status: 400, message: expect.stringContaining('DetectFaces') });
  });

  it('refuses a request signed more than 15 minutes off, and the SDK corrects its clock from the answer and retries', async () => {
    const skewed = { systemClockOffset: -20 * 60_000 };
    const once = await sdkFailure(detectLabels(rekognitionClient(baseUrl, key, skewed)));
    expect(once).toMatchObject({ name: 'InvalidSignatureException', status: 400, message: expect.stringMatching(/^Signature expired: /) });
    const retrying = await detectLabels(rekognitionClient(baseUrl, key, { ...skewed, maxAttempts: 2 }));
    expect(retrying.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 2 });
  });

  it('answers an unsigned call with MissingAuthenticationTokenException in AWS\'s error shape', async () => {
    const res = await fetch(`${baseUrl}/rekognition`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'RekognitionService.DetectLabels' },
      body: JSON.stringify({ Image: { Bytes: JPEG_LIKE.toString('base64') } }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await res.json()).toEqual({ __type: 'MissingAuthenticationTokenException', Code: 'MissingAuthenticationTokenException', Message: 'Missing Authentication Token' });
    const garbled = await fetch(`${baseUrl}/rekognition/`, { method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect([garbled.status, garbled.headers.get('x-amzn-errortype')]).toEqual([400, 'IncompleteSignatureException']);
  });

  it('lets an enrolled agent sign with the key derived from its credential, until the credential is revoked', async () => {
    const agent = await enrollAgent(cloud.app, 'site-infer');
    const client = rekognitionClient(baseUrl, await agentInferenceKey(agent.agentId, agent.credential));
    expect((await detectLabels(client)).Labels?.[0]?.Name).toBe('Person');
    // Another agent's id with this agent's secret is refused.
    const other = await enrollAgent(cloud.app, 'site-infer', 'second agent');
    const borrowed = { ...(await agentInferenceKey(agent.agentId, agent.credential)), accessKeyId: `ARGUSAGENT_${other.agentId}` };
    expect(await sdkFailure(detectLabels(rekognitionClient(baseUrl, borrowed)))).toMatchObject({ name: 'InvalidSignatureException' });

    const revoked = await cloud.app.inject({ method: 'DELETE', url: `/api/agents/${agent.agentId}/credential`, headers: adminHeaders });
    expect(revoked.statusCode).toBe(200);
    expect(await sdkFailure(detectLabels(client))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
  });

  it('lets the bootstrap agent (ARGUS_EDGE_TOKEN) sign as agent legacy', async () => {
    const out = await detectLabels(rekognitionClient(baseUrl, await agentInferenceKey('legacy', EDGE_TOKEN)));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await sdkFailure(detectLabels(rekognitionClient(baseUrl, await agentInferenceKey('legacy', 'not-the-edge-token-0123456789'))))).toMatchObject({ name: 'InvalidSignatureException' });
  });

  it('answers a detector failure with InternalServerError, 500, naming no internals', async () => {
    detector.failWith = new Error('tensor shape mismatch at /models/secret/path');
    const failure = await sdkFailure(detectLabels(rekognitionClient(baseUrl, key)));
    expect(failure).toMatchObject({ name: 'InternalServerError', status: 500 });
    expect(failure.message).not.toContain('tensor');
  });
});
