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
    // Someone must be able to sign in: the first admin comes from the environment.
    expect(env.ARGUS_ADMIN_EMAIL).toMatch(/\$\{ARGUS_ADMIN_EMAIL:\?/);
    expect(env.ARGUS_ADMIN_PASSWORD).toMatch(/\$\{ARGUS_ADMIN_PASSWORD:\?/);
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

  it('starts every built service with the bin of an npm package installed from its tarball', async () => {
    const dockerfile = (await readFile(join(composeDir, 'Dockerfile'), 'utf8')).split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    expect(dockerfile).toMatch(/apt-get install[^\n]*ffmpeg/);
    // The image runs the packages as a site installs them, never the TypeScript sources.
    expect(dockerfile).not.toMatch(/\btsx\b|\.ts\b/);
    const packed = /npm pack --pack-destination (\S+)((?: -w [\w@/-]+)+)/.exec(dockerfile);
    expect(packed, 'npm pack of the packages').not.toBeNull();
    const packedNames = [...packed![2]!.matchAll(/-w ([\w@/-]+)/g)].map((m) => m[1]!);
    expect(dockerfile).toContain(`COPY --from=pack ${packed![1]}/*.tgz`);
    // The image that runs: its last stage installs the tarballs and puts their bins on PATH.
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/npm install [^\n]*\*\.tgz/);
    const workdir = /^WORKDIR (\S+)$/m.exec(runtime)?.[1];
    const pathEnv = /^ENV PATH=(\S+)$/m.exec(runtime)?.[1];
    expect(pathEnv?.split(':'), 'bins on PATH').toContain(`${workdir}/node_modules/.bin`);

    const bins = new Map<string, { packageName: string; target: string }>();
    for (const dir of ['cloud', 'edge-agent', 'simulators']) {
      const pkg = JSON.parse(await readFile(join(composeDir, '..', dir, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string>; scripts: Record<string, string> };
      expect(pkg.scripts.prepack, `${pkg.name} builds before it is packed`).toBe('npm run build');
      for (const [bin, target] of Object.entries(pkg.bin)) bins.set(bin, { packageName: pkg.name, target });
    }
    const built = Object.entries(services).filter(([, service]) => service.build);
    expect(built.map(([name]) => name).sort()).toEqual(['cloud', 'edge', 'simulator']);
    for (const [name, service] of built) {
      expect(service.build!.dockerfile).toBe('compose/Dockerfile');
      const bin = bins.get(service.command?.[0] ?? '');
      expect(bin, `${name} runs ${JSON.stringify(service.command)}`).toBeDefined();
      expect(bin!.target, `${name}'s bin is built JavaScript`).toMatch(/^(\.\/)?dist\/[\w-]+\.js$/);
      expect(packedNames, `${name}'s package is packed into the image`).toContain(bin!.packageName);
    }
  });

  it('ships an edge configuration that the agent accepts, with cameras on the simulator', async () => {
    const config = parseEdgeConfig(JSON.parse(await readFile(join(composeDir, 'edge.json'), 'utf8')));
    expect(config.cloud.url).toBe('http://cloud:8080');
    expect(config.cameras.map((c) => c.main.replace(/\/\/[^@]+@/, '//'))).toEqual([1, 2, 3, 4].map((n) => `rtsp://simulator:8554/cam-${n}/main`));
  });
});
