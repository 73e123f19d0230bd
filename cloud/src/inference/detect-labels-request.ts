import { REKOGNITION_DEFAULT_MIN_CONFIDENCE, REKOGNITION_MAX_IMAGE_BYTES } from '@argus/contracts';
import type { LabelQuery } from '../core/rekognition-labels.js';
import { RekognitionError } from './rekognition-error.js';

/** A DetectLabels request, checked: the image bytes and what the answer should hold. */
export interface DetectLabelsInput {
  readonly image: Buffer;
  readonly query: LabelQuery;
}

const FEATURES = ['GENERAL_LABELS', 'IMAGE_PROPERTIES'] as const;
const MAX_FILTERS = 100; // Rekognition's limit per GeneralLabels filter list
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const invalid = (message: string): RekognitionError => new RekognitionError('InvalidParameterException', message);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function filterList(settings: Record<string, unknown>, name: string): string[] | undefined {
  const value = settings[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) throw invalid(`Settings.GeneralLabels.${name} must be a list of label names`);
  if (value.length > MAX_FILTERS) throw invalid(`Settings.GeneralLabels.${name} may list at most ${MAX_FILTERS} names`);
  return value as string[];
}

/** True for JPEG (FF D8 FF) and PNG (89 50 4E 47 0D 0A 1A 0A): the formats Rekognition takes. */
export function isJpegOrPng(bytes: Uint8Array): boolean {
  const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b);
  return jpeg || png;
}

/**
 * Reads a DetectLabels body (AWS JSON 1.1) the way Rekognition checks it:
 * the parameters first (MaxLabels a whole number ≥ 0; MinConfidence 0–100,
 * default 55; Features of GENERAL_LABELS; the GeneralLabels filters), then
 * the image: Image.Bytes, base64, at most 5 MB decoded, a JPEG or PNG.
 * Throws the RekognitionError Rekognition would answer, naming the parameter.
 */
export function parseDetectLabels(body: Buffer): DetectLabelsInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RekognitionError('SerializationException', 'The request body is not valid JSON');
  }
  if (!isObject(parsed)) throw new RekognitionError('SerializationException', 'The request body must be a JSON object');

  const image = parsed.Image;
  if (!isObject(image)) throw invalid('Image is required: send the image as Image.Bytes');
  if (image.S3Object !== undefined && image.S3Object !== null) {
    throw invalid('Image.S3Object is not supported by the Argus inference endpoint: send the image as Image.Bytes');
  }
  let maxLabels: number | undefined;
  if (parsed.MaxLabels !== undefined && parsed.MaxLabels !== null) {
    const value = parsed.MaxLabels;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalid(`MaxLabels must be a whole number of at least 0, got ${JSON.stringify(value)}`);
    maxLabels = value;
  }
  let minConfidence = REKOGNITION_DEFAULT_MIN_CONFIDENCE;
  if (parsed.MinConfidence !== undefined && parsed.MinConfidence !== null) {
    const value = parsed.MinConfidence;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) throw invalid(`MinConfidence must be a number from 0 to 100, got ${JSON.stringify(value)}`);
    minConfidence = value;
  }

  const features = parsed.Features ?? ['GENERAL_LABELS'];
  if (!Array.isArray(features) || features.some((f) => !(FEATURES as readonly unknown[]).includes(f))) {
    throw invalid(`Features must be a list of ${FEATURES.join(', ')}`);
  }
  if (features.includes('IMAGE_PROPERTIES')) throw invalid('Features: IMAGE_PROPERTIES is not supported by the Argus inference endpoint (GENERAL_LABELS only)');

  const settings = parsed.Settings;
  let general: Record<string, unknown> = {};
  if (settings !== undefined && settings !== null) {
    if (!isObject(settings)) throw invalid('Settings must be an object');
    if (settings.GeneralLabels !== undefined && settings.GeneralLabels !== null) {
      if (!isObject(settings.GeneralLabels)) throw invalid('Settings.GeneralLabels must be an object');
      general = settings.GeneralLabels;
    }
  }
  const query: LabelQuery = {
    minConfidence,
    maxLabels,
    includeLabels: filterList(general, 'LabelInclusionFilters'),
    excludeLabels: filterList(general, 'LabelExclusionFilters'),
    includeCategories: filterList(general, 'LabelCategoryInclusionFilters'),
    excludeCategories: filterList(general, 'LabelCategoryExclusionFilters'),
  };

  const encoded = image.Bytes;
  if (typeof encoded !== 'string') throw invalid('Image.Bytes is required (base64 of a JPEG or PNG)');
  if (encoded.length === 0) throw invalid('Image.Bytes must not be empty');
  // Sized before decoding: base64 holds 3 bytes per 4 characters.
  if (Math.floor((encoded.length * 3) / 4) - (encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0) > REKOGNITION_MAX_IMAGE_BYTES) {
    throw new RekognitionError('ImageTooLargeException', `Image size is too large: Image.Bytes may hold at most ${REKOGNITION_MAX_IMAGE_BYTES} bytes`);
  }
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) throw new RekognitionError('SerializationException', 'Image.Bytes is not valid base64');
  const bytes = Buffer.from(encoded, 'base64');
  if (!isJpegOrPng(bytes)) throw new RekognitionError('InvalidImageFormatException', 'Request has invalid image format');

  return { image: bytes, query };
}
