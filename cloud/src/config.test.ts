import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCloudConfig } from './config.js';
import { isCloudError } from './errors.js';

const TOKEN = 'edge-token-0123456789';

function errorOf(fn: () => unknown): { message: string; field: string | undefined } {
  try {
    fn();
  } catch (err) {
    if (isCloudError(err, 'CLD_ERR_CONFIG')) return { message: err.message, field: err.field };
    throw err;
  }
  throw new Error('expected a configuration error');
}

describe('loadCloudConfig', () => {
  it('applies defaults: loopback, port 8080, file store and embedded PostgreSQL under .argus', () => {
    const config = loadCloudConfig({ ARGUS_EDGE_TOKEN: TOKEN }, '/srv/argus');
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.resolve('/srv/argus/.argus'),
      embeddedPostgresDir: path.resolve('/srv/argus/.argus/postgres'),
      edgeToken: TOKEN,
      trustProxy: false,
      auth: { bootstrapAdmin: undefined, sessionTtlMs: 12 * 3_600_000, cookieSecure: 'auto', allowedOrigins: [], oidc: undefined },
      s3: undefined,
      logLevel: 'info',
    });
    expect(config.mediaSecret.length).toBeGreaterThanOrEqual(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the first admin, the session settings, and the health and command timings', () => {
    const config = loadCloudConfig({
      ARGUS_ADMIN_EMAIL: 'ops@example.com', ARGUS_ADMIN_PASSWORD: ' a long passphrase ', ARGUS_SESSION_HOURS: '8', ARGUS_COOKIE_SECURE: 'true',
      ARGUS_PUBLIC_URL: 'https://vms.example.com/console, https://wall.example.com', ARGUS_TRUST_PROXY: 'true',
      ARGUS_CAMERA_OFFLINE_SECONDS: '45', ARGUS_AGENT_OFFLINE_SECONDS: '60', ARGUS_HEALTH_CHECK_SECONDS: '0.5', ARGUS_COMMAND_TIMEOUT_SECONDS: '3',
    });
    expect(config).toMatchObject({
      edgeToken: undefined,
      trustProxy: true,
      auth: {
        bootstrapAdmin: { email: 'ops@example.com', password: ' a long passphrase ' },
        sessionTtlMs: 8 * 3_600_000, cookieSecure: true,
        allowedOrigins: ['https://vms.example.com', 'https://wall.example.com'],
      },
      health: { cameraGraceMs: 45_000, agentGraceMs: 60_000, checkPeriodMs: 500 }, commandTimeoutMs: 3000,
    });
    expect(loadCloudConfig({})).toMatchObject({ health: { cameraGraceMs: 30_000, agentGraceMs: 30_000, checkPeriodMs: 5000 }, commandTimeoutMs: 15_000 });
  });

  it('reads single sign-on settings', () => {
    const config = loadCloudConfig({ ARGUS_OIDC_ISSUER: 'https://idp.example.com/realms/ops/', ARGUS_OIDC_CLIENT_ID: 'argus', ARGUS_OIDC_CLIENT_SECRET: 's3cret', ARGUS_OIDC_DEFAULT_ROLE: 'viewer' });
    expect(config.auth.oidc).toEqual({
      issuer: 'https://idp.example.com/realms/ops', clientId: 'argus', clientSecret: 's3cret', redirectUrl: undefined, name: 'single sign-on',
      orgId: 'default', roleClaim: 'argus_role', defaultRole: 'viewer', sitesClaim: 'argus_sites', scopes: 'openid email profile',
    });
  });

  it('reads the MQTT broker URL, and refuses one of another scheme', () => {
    expect(loadCloudConfig({}).mqttUrl).toBeUndefined();
    expect(loadCloudConfig({ ARGUS_MQTT_URL: 'mqtts://argus:pw@broker.example.com:8883' }).mqttUrl).toBe('mqtts://argus:pw@broker.example.com:8883');
    expect(() => loadCloudConfig({ ARGUS_MQTT_URL: 'http://broker.example.com' })).toThrow(/ARGUS_MQTT_URL must be an mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/ URL/);
  });

  it('refuses the retired admin token and org switches with a pointer to what replaced them', () => {
    expect(() => loadCloudConfig({ ARGUS_ADMIN_TOKEN: 'admin-token-0123456789' })).toThrow(/ARGUS_ADMIN_TOKEN is no longer read: sign in with a user/);
    expect(() => loadCloudConfig({ ARGUS_CAMERA_OFFLINE_SECONDS: 'soon' })).toThrow(/ARGUS_CAMERA_OFFLINE_SECONDS must be a number of seconds/);
  });

  it('puts the embedded cluster where ARGUS_PG_DIR says', () => {
    expect(loadCloudConfig({ ARGUS_EDGE_TOKEN: TOKEN, ARGUS_PG_DIR: '/var/lib/argus/pg' }, '/srv/argus').embeddedPostgresDir).toBe('/var/lib/argus/pg');
  });

  it('switches to S3 when S3_ENDPOINT is set', () => {
    const config = loadCloudConfig({
      ARGUS_EDGE_TOKEN: TOKEN,
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY: 'minio',
      S3_SECRET_KEY: 'minio-secret',
      DATABASE_URL: 'postgres://u:p@db:5432/argus',
      PORT: '0',
    });
    expect(config.s3).toEqual({ endpoint: 'http://127.0.0.1:9000', publicEndpoint: 'http://127.0.0.1:9000', accessKey: 'minio', secretKey: 'minio-secret', bucket: 'argus', region: 'us-east-1' });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/argus');
    expect(config.port).toBe(0);
  });

  it('presigns for S3_PUBLIC_ENDPOINT when the store is reached under another name', () => {
    const config = loadCloudConfig({ ARGUS_EDGE_TOKEN: TOKEN, S3_ENDPOINT: 'http://minio:9000', S3_PUBLIC_ENDPOINT: 'http://localhost:9000/', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' });
    expect(config.s3).toMatchObject({ endpoint: 'http://minio:9000', publicEndpoint: 'http://localhost:9000' });
  });

  it.each([
    [{ ARGUS_ADMIN_EMAIL: 'a@b.c' }, 'ARGUS_ADMIN_PASSWORD'],
    [{ ARGUS_ADMIN_PASSWORD: 'long enough password' }, 'ARGUS_ADMIN_EMAIL'],
    [{ ARGUS_ADMIN_EMAIL: 'not-an-email', ARGUS_ADMIN_PASSWORD: 'long enough password' }, 'ARGUS_ADMIN_EMAIL'],
    [{ ARGUS_ADMIN_EMAIL: 'a@b.c', ARGUS_ADMIN_PASSWORD: 'short' }, 'ARGUS_ADMIN_PASSWORD'],
    [{ ARGUS_SESSION_HOURS: 'forever' }, 'ARGUS_SESSION_HOURS'],
    [{ ARGUS_COOKIE_SECURE: 'yes' }, 'ARGUS_COOKIE_SECURE'],
    [{ ARGUS_PUBLIC_URL: 'vms.example.com' }, 'ARGUS_PUBLIC_URL'],
    [{ ARGUS_OIDC_ISSUER: 'https://idp.example.com' }, 'ARGUS_OIDC_CLIENT_ID'],
    [{ ARGUS_OIDC_ISSUER: 'idp', ARGUS_OIDC_CLIENT_ID: 'x' }, 'ARGUS_OIDC_ISSUER'],
    [{ ARGUS_OIDC_ISSUER: 'https://idp.example.com', ARGUS_OIDC_CLIENT_ID: 'x', ARGUS_OIDC_DEFAULT_ROLE: 'root' }, 'ARGUS_OIDC_DEFAULT_ROLE'],
    [{ ARGUS_TRUST_PROXY: 'maybe' }, 'ARGUS_TRUST_PROXY'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, S3_ENDPOINT: 'http://minio:9000', S3_PUBLIC_ENDPOINT: 'localhost', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' }, 'S3_PUBLIC_ENDPOINT'],
    [{ ARGUS_EDGE_TOKEN: 'short' }, 'ARGUS_EDGE_TOKEN'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, PORT: '80a' }, 'PORT'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, PORT: '70000' }, 'PORT'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, ARGUS_ORG: 'acme' }, 'ARGUS_ORG'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, S3_ENDPOINT: 'http://minio:9000' }, 'S3_ACCESS_KEY'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, S3_ENDPOINT: 'minio:9000', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' }, 'S3_ENDPOINT'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b', S3_BUCKET: 'A_B' }, 'S3_BUCKET'],
    [{ ARGUS_EDGE_TOKEN: TOKEN, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('refuses %j with one message naming %s', (env, variable) => {
    const { message, field } = errorOf(() => loadCloudConfig(env));
    expect(field).toBe(variable);
    expect(message).toContain(variable);
  });
});
