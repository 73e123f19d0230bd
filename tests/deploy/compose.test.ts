import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseEdgeConfig } from 'argus-edge';

// No Docker engine runs here, so the deployment files are kept honest by reading them.
const composeDir = join(dirname(fileURLToPath(import.meta.url)), '../../compose');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  healthcheck?: unknown;
}

const compose = parse(await readFile(join(composeDir, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;

describe('compose deployment', () => {
  it('runs PostgreSQL, MinIO, the cloud, an edge agent and simulated cameras', () => {
    expect(Object.keys(services).sort()).toEqual(['cloud', 'edge', 'minio', 'postgres', 'simulator']);
    expect(services.minio?.image).toMatch(/^minio\/minio/);
    expect(services.postgres?.image).toMatch(/^postgres:/);
  });

  it('points the cloud at the compose PostgreSQL and MinIO and waits for them to be healthy', () => {
    const env = services.cloud?.environment ?? {};
    expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
    expect(env.S3_ENDPOINT).toBe('http://minio:9000');
    expect(env.ARGUS_EDGE_TOKEN).toBeDefined();
    for (const dep of ['postgres', 'minio']) {
      expect(services.cloud?.depends_on?.[dep]?.condition).toBe('service_healthy');
      expect(services[dep]?.healthcheck).toBeDefined();
    }
  });

  it('only depends on and mounts what it declares', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dep of Object.keys(service.depends_on ?? {})) expect(services, `${name} depends on ${dep}`).toHaveProperty(dep);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(compose.volumes, `${name} mounts ${source}`).toHaveProperty(source);
      }
    }
  });

  it('starts every service from files that exist in the repository', async () => {
    const dockerfile = await readFile(join(composeDir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/apt-get install[^\n]*ffmpeg/);
    for (const service of Object.values(services)) {
      if (!service.build) continue;
      expect(service.build.dockerfile).toBe('compose/Dockerfile');
      const entry = service.command?.find((arg) => arg.endsWith('.ts'));
      expect(entry, JSON.stringify(service.command)).toBeDefined();
      await expect(readFile(join(composeDir, '..', entry!), 'utf8')).resolves.toBeTruthy();
    }
  });

  it('ships an edge configuration that the agent accepts, with cameras on the simulator', async () => {
    const config = parseEdgeConfig(JSON.parse(await readFile(join(composeDir, 'edge.json'), 'utf8')));
    expect(config.cloud.url).toBe('http://cloud:8080');
    expect(config.cameras.map((c) => c.main.replace(/\/\/[^@]+@/, '//'))).toEqual([1, 2, 3, 4].map((n) => `rtsp://simulator:8554/cam-${n}/main`));
  });
});
