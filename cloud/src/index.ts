export { buildApp, type AppDeps, type CloudApp } from './app.js';
export { loadCloudConfig, type CloudConfig, type S3Config, type Env } from './config.js';
export { CloudError, CLOUD_ERRORS, isCloudError, type CloudErrorCode } from './errors.js';
export { createCloud, createObjectStore, type CloudService, type CreateCloudOptions } from './server.js';
export { startEmbeddedPostgres, freePort, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './db/embedded-postgres.js';
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration, type MigrateResult } from './db/migrate.js';
export type { ObjectStore, ObjectInfo, UploadTarget, UploadExpectation } from './object-store/object-store.js';
export { FileObjectStore } from './object-store/file-object-store.js';
export { S3ObjectStore } from './object-store/s3-object-store.js';
