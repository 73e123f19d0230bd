import { REKOGNITION_ERRORS, type RekognitionErrorName } from '@argus/contracts';

/**
 * An error of the Rekognition-compatible endpoint: one of AWS's exception
 * names (REKOGNITION_ERRORS in the contracts, with its status), answered in
 * AWS's JSON shape so that the SDK raises an exception of that name.
 */
export class RekognitionError extends Error {
  override readonly name: RekognitionErrorName;
  readonly statusCode: number;

  constructor(name: RekognitionErrorName, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.statusCode = REKOGNITION_ERRORS[name];
  }
}

/** AWS JSON 1.1's error body: `__type` and `Code` name the exception (the SDK reads either, or the header). */
export function rekognitionErrorBody(name: RekognitionErrorName, message: string): { __type: string; Code: string; Message: string } {
  return { __type: name, Code: name, Message: message };
}
