import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { REKOGNITION_MAX_IMAGE_BYTES, REKOGNITION_PATH, REKOGNITION_TARGET_PREFIX, type RekognitionErrorName } from '@argus/contracts';
import { toRekognitionLabels } from '../core/rekognition-labels.js';
import { headerMap, type SignedRequest } from '../core/sigv4.js';
import { TokenBuckets } from '../core/token-bucket.js';
import { isCloudError } from '../errors.js';
import type { DetectorHost } from './detector-host.js';
import { parseDetectLabels } from './detect-labels-request.js';
import { authenticateSignedCall, type InferenceCaller, type SignatureCheckOptions } from './inference-signature.js';
import { rekognitionErrorBody, RekognitionError } from './rekognition-error.js';

export interface RekognitionRoutesOptions {
  readonly detectorHost: DetectorHost;
  readonly signatures: SignatureCheckOptions;
  /** Requests per second and burst per access key, and per organisation (CloudConfig.inference). */
  readonly rates: { readonly keyRate: number; readonly keyBurst: number; readonly orgRate: number; readonly orgBurst: number };
  /** Epoch ms. */
  readonly now: () => number;
}

const JSON_11 = 'application/x-amz-json-1.1';
const DETECT_LABELS = `${REKOGNITION_TARGET_PREFIX}DetectLabels`;
/** Base64 of the largest image plus room for the rest of the JSON: a body above it holds too large an image. */
export const MAX_REKOGNITION_BODY_BYTES = Math.ceil(REKOGNITION_MAX_IMAGE_BYTES / 3) * 4 + 64 * 1024;
/**
 * A body over MAX_REKOGNITION_BODY_BYTES is still read (and dropped) up to
 * this, so the client gets ImageTooLargeException on an open connection
 * rather than a reset while it is still sending; past this the connection
 * is closed.
 */
const MAX_DRAINED_BODY_BYTES = 32 * 1024 * 1024;
/** The parsed body of a request whose body was too large (read and dropped). */
const TOO_LARGE = Symbol('body too large');
/** Most objects asked of the detector per image; MaxLabels cuts the labels, not the instances. */
const MAX_OBJECTS = 100;

function send(reply: FastifyReply, request: FastifyRequest, status: number, body: unknown): FastifyReply {
  return reply.status(status).header('content-type', JSON_11).header('x-amzn-RequestId', request.id).send(Buffer.from(JSON.stringify(body))); // a Buffer: fastify would add a charset to a string's type
}

const imageTooLarge = (): RekognitionError =>
  new RekognitionError('ImageTooLargeException', `Image size is too large: Image.Bytes may hold at most ${REKOGNITION_MAX_IMAGE_BYTES} bytes`);

/** Any error of this route as the Rekognition error AWS would answer. */
function asRekognitionError(error: FastifyError | Error, request: FastifyRequest): RekognitionError {
  if (error instanceof RekognitionError) return error;
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return imageTooLarge();
  // The auth layer refuses a state-changing call that a foreign page makes without credentials.
  if (isCloudError(error, 'CLD_ERR_FOREIGN_ORIGIN')) return new RekognitionError('AccessDeniedException', error.message);
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new RekognitionError('SerializationException', error.message);
  request.log.error({ err: error }, 'rekognition request failed');
  return new RekognitionError('InternalServerError', `Internal server error (request ${request.id})`);
}

/**
 * The Rekognition-compatible endpoint: DetectLabels over AWS JSON 1.1,
 * signed with AWS Signature V4 by an inference key or an agent's derived
 * key. Everything here answers in Rekognition's shape, errors included, so
 * `@aws-sdk/client-rekognition` pointed at `<cloud>/rekognition` cannot
 * tell it from AWS. Its own content-type parser keeps the raw body (the
 * signature covers its bytes), with a limit that fits a 5 MB image.
 */
export const rekognitionRoutes: FastifyPluginAsyncTypebox<RekognitionRoutesOptions> = async (app, { detectorHost, signatures, rates, now }) => {
  const perKey = new TokenBuckets({ ratePerSecond: rates.keyRate, burst: rates.keyBurst });
  const perOrg = new TokenBuckets({ ratePerSecond: rates.orgRate, burst: rates.orgBurst });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (_request: FastifyRequest, payload: AsyncIterable<Buffer>) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of payload) {
      bytes += chunk.length;
      if (bytes > MAX_DRAINED_BODY_BYTES) throw Object.assign(new Error('request body too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
      if (bytes <= MAX_REKOGNITION_BODY_BYTES) chunks.push(chunk);
    }
    return bytes > MAX_REKOGNITION_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks, bytes);
  });
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const e = asRekognitionError(error, request);
    reply.header('x-amzn-ErrorType', e.name);
    return send(reply, request, e.statusCode, rekognitionErrorBody(e.name as RekognitionErrorName, e.message));
  });

  /** One token of the key's bucket and one of its organisation's, or ProvisionedThroughputExceededException. */
  function admit(caller: InferenceCaller): void {
    const at = now();
    if (perKey.take(caller.accessKeyId, at) > 0) {
      throw new RekognitionError('ProvisionedThroughputExceededException', `Provisioned rate exceeded for access key ${caller.accessKeyId}`);
    }
    if (perOrg.take(caller.orgId, at) > 0) {
      perKey.giveBack(caller.accessKeyId, at);
      throw new RekognitionError('ProvisionedThroughputExceededException', 'Provisioned rate exceeded for this organisation');
    }
  }

  for (const url of [REKOGNITION_PATH, `${REKOGNITION_PATH}/`]) {
    app.post(url, {
      // Authenticated by the request's own SigV4 signature, in the handler: the auth layer has no principal to give it.
      config: { access: 'public' },
      bodyLimit: MAX_DRAINED_BODY_BYTES,
      schema: { hide: true },
    }, async (request, reply) => {
      if (request.body === TOO_LARGE) throw imageTooLarge();
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const headers = headerMap(request.raw.rawHeaders);
      // The host the client signed: behind a trusted proxy (ARGUS_TRUST_PROXY) its X-Forwarded-Host, else the Host header.
      headers.set('host', [request.host]);
      const signed: SignedRequest = { method: request.method, url: request.raw.url ?? request.url, headers, body };
      const caller = await authenticateSignedCall(signed, signatures);

      const target = request.headers['x-amz-target'];
      if (target !== DETECT_LABELS) {
        const operation = typeof target === 'string' && target.startsWith(REKOGNITION_TARGET_PREFIX) ? target.slice(REKOGNITION_TARGET_PREFIX.length) : undefined;
        throw new RekognitionError('UnknownOperationException', operation
          ? `${operation} is not supported by the Argus inference endpoint (DetectLabels only)`
          : `X-Amz-Target must be ${DETECT_LABELS}`);
      }
      const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (contentType !== JSON_11 && contentType !== 'application/x-amz-json-1.0') {
        throw new RekognitionError('SerializationException', `Content-Type must be ${JSON_11}`);
      }
      admit(caller);

      const { image, query } = parseDetectLabels(body);
      const result = await detectorHost.detect(image, { minScore: query.minConfidence / 100, maxObjects: MAX_OBJECTS });
      request.log.debug({ accessKeyId: caller.accessKeyId, orgId: caller.orgId, objects: result.objects.length, inferenceMs: result.inferenceMs }, 'DetectLabels');
      return send(reply, request, 200, { Labels: toRekognitionLabels(result.objects, query), LabelModelVersion: result.modelVersion });
    });
  }
};
