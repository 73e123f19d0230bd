import type { Readable } from 'node:stream';

/** What the store knows of an object. */
export interface ObjectInfo {
  readonly bytes: number;
}

/** Where and how a client uploads one object directly (media never transits the API on the S3 path). */
export interface UploadTarget {
  /** Absolute URL (S3), or a path on this cloud (file store) for the caller to resolve. */
  readonly url: string;
  readonly method: 'PUT';
  readonly headers: Readonly<Record<string, string>>;
}

export interface UploadExpectation {
  readonly bytes: number;
  /** Lowercase hex. */
  readonly sha256: string;
  /** Lifetime of the upload URL, ms. */
  readonly expiresInMs: number;
}

/**
 * The media store behind segments: S3/MinIO in production, a directory for
 * the embedded setup. Keys are segment keys (`org/<org>/cam/...`).
 */
export interface ObjectStore {
  readonly kind: 'file' | 's3';
  /** Prepares the store (creates the bucket or directory); idempotent. */
  init(): Promise<void>;
  /** undefined when there is no such object. */
  stat(key: string): Promise<ObjectInfo | undefined>;
  put(key: string, body: Buffer | Readable, bytes: number): Promise<void>;
  /** Throws CLD_ERR_OBJECT_NOT_FOUND when missing. */
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** Deletes many (missing ones are no error): one request per 1000 keys on S3. */
  deleteMany(keys: readonly string[]): Promise<void>;
  /** Every key under a prefix ('/'-terminated), in no set order. */
  list(prefix: string): AsyncIterable<string>;
  uploadTarget(key: string, expect: UploadExpectation): Promise<UploadTarget>;
  /**
   * A short-lived URL a browser can fetch the object from directly, or
   * undefined when this store's objects are served by the API itself.
   */
  downloadUrl(key: string, expiresInMs: number): Promise<string | undefined>;
}
