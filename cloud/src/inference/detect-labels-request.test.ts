import { describe, expect, it } from 'vitest';
import { parseDetectLabels } from './detect-labels-request.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const withImage = (extra: object = {}, bytes: Buffer = JPEG) => body({ Image: { Bytes: bytes.toString('base64') }, ...extra });

function refusal(input: Buffer): { name: string; message: string } {
  try {
    parseDetectLabels(input);
  } catch (err) {
    return { name: (err as Error).name, message: (err as Error).message };
  }
  throw new Error('accepted');
}

describe('DetectLabels request', () => {
  it('takes a JPEG or PNG with Rekognition\'s defaults', () => {
    expect(parseDetectLabels(withImage())).toEqual({
      image: JPEG,
      query: { minConfidence: 55, maxLabels: undefined, includeLabels: undefined, excludeLabels: undefined, includeCategories: undefined, excludeCategories: undefined },
    });
    expect(parseDetectLabels(withImage({}, PNG)).image).toEqual(PNG);
  });

  it('reads MaxLabels, MinConfidence, Features and the label filters', () => {
    const input = withImage({ MaxLabels: 0, MinConfidence: 100, Features: ['GENERAL_LABELS'], Settings: { GeneralLabels: { LabelExclusionFilters: ['Car'], LabelCategoryInclusionFilters: ['Animals and Pets'] } } });
    expect(parseDetectLabels(input).query).toMatchObject({ maxLabels: 0, minConfidence: 100, excludeLabels: ['Car'], includeCategories: ['Animals and Pets'] });
  });

  it('answers SerializationException for what is not JSON, not an object, or not base64', () => {
    expect(refusal(Buffer.from('{nope'))).toMatchObject({ name: 'SerializationException' });
    expect(refusal(body([1]))).toMatchObject({ name: 'SerializationException' });
    expect(refusal(body({ Image: { Bytes: '/9j/4A==!' } }))).toMatchObject({ name: 'SerializationException', message: expect.stringContaining('base64') });
  });

  it('answers InvalidParameterException naming the parameter', () => {
    for (const [input, words] of [
      [body({}), 'Image is required'],
      [body({ Image: {} }), 'Image.Bytes is required'],
      [body({ Image: { Bytes: '' } }), 'must not be empty'],
      [body({ Image: { S3Object: { Bucket: 'b', Name: 'n' } } }), 'S3Object'],
      [withImage({ MaxLabels: 2.5 }), 'MaxLabels'],
      [withImage({ MaxLabels: '3' }), 'MaxLabels'],
      [withImage({ MinConfidence: 100.1 }), 'MinConfidence'],
      [withImage({ Features: ['FACES'] }), 'Features'],
      [withImage({ Features: ['GENERAL_LABELS', 'IMAGE_PROPERTIES'] }), 'IMAGE_PROPERTIES'],
      [withImage({ Settings: { GeneralLabels: { LabelInclusionFilters: 'Car' } } }), 'LabelInclusionFilters'],
      [withImage({ Settings: { GeneralLabels: { LabelInclusionFilters: Array.from({ length: 101 }, (_, i) => `L${i}`) } } }), 'at most 100'],
    ] as const) {
      expect(refusal(input), words).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining(words) });
    }
  });

  it('checks the parameters before the image, and sizes the image before decoding it', () => {
    expect(refusal(body({ Image: { Bytes: 'R0lGODlh' }, MaxLabels: -1 }))).toMatchObject({ name: 'InvalidParameterException' });
    expect(refusal(body({ Image: { Bytes: 'R0lGODlh' } }))).toMatchObject({ name: 'InvalidImageFormatException', message: 'Request has invalid image format' });
    const tooLarge = 'A'.repeat(Math.ceil((5 * 1024 * 1024 + 1) / 3) * 4);
    expect(refusal(body({ Image: { Bytes: tooLarge } }))).toMatchObject({ name: 'ImageTooLargeException' });
  });
});
