import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEdgeConfigFile } from '../../src/config.js';
import { startListeningCloud, type ListeningCloud } from '../support/listening-cloud.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

/** Runs `argus-edge <args>`; resolves with exit code and output (never rejects). */
async function argusEdge(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [MAIN, ...args], { timeout: 30_000, env: { ...process.env, ARGUS_EDGE_TOKEN: '' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('argus-edge enroll', () => {
  let cloud: ListeningCloud;
  let dir: string;
  beforeAll(async () => {
    cloud = await startListeningCloud();
    dir = await mkdtemp(join(tmpdir(), 'argus-enroll-'));
  });
  afterAll(async () => {
    await cloud?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the credential 0600 under dataDir, which run then uses; the token cannot be reused', async () => {
    const token = await cloud.enrollmentToken('north');
    const configPath = join(dir, 'edge.json');
    const dataDir = join(dir, 'data');
    await writeFile(configPath, JSON.stringify({ cloud: { url: cloud.url }, dataDir, cameras: [{ id: 'gate', main: 'rtsp://127.0.0.1:1/gate/main' }] }));

    const first = await argusEdge(['enroll', '--cloud', cloud.url, '--token', token, '--config', configPath, '--name', 'north-box']);
    expect(first.code, first.stderr).toBe(0);
    const printed = JSON.parse(first.stdout) as { agentId: string; siteId: string; credentialFile: string };
    expect(printed).toMatchObject({ siteId: 'north', credentialFile: join(dataDir, 'credential.json') });
    expect((await stat(printed.credentialFile)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(printed.credentialFile, 'utf8')) as { credential: string; agentId: string };
    expect(saved.agentId).toBe(printed.agentId);
    expect(first.stdout).not.toContain(saved.credential);

    // run: no cloud.token in the configuration → the credential, and the site of the enrollment.
    const config = await loadEdgeConfigFile(configPath, {});
    expect(config.cloud.token).toBe(saved.credential);
    expect(config.siteId).toBe('north');
    const put = await fetch(`${cloud.url}/api/cameras/gate`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${config.cloud.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Gate', siteId: config.siteId, streams: ['main'] }),
    });
    expect(put.status).toBe(200);
    // ARGUS_EDGE_TOKEN still overrides.
    expect((await loadEdgeConfigFile(configPath, { ARGUS_EDGE_TOKEN: 'from-env' })).cloud.token).toBe('from-env');

    const again = await argusEdge(['enroll', '--cloud', cloud.url, '--token', token, '--credential-file', join(dir, 'other.json')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('CLD_ERR_ENROLLMENT_TOKEN_USED');
    await expect(stat(join(dir, 'other.json'))).rejects.toThrow();
  });

  it('refuses an expired token', async () => {
    const token = await cloud.enrollmentToken('south', 60);
    // The cloud's clock cannot be moved from here: expire the token in the database instead.
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: cloud.cloud.databaseUrl });
    await client.connect();
    await client.query("update enrollment_tokens set expires_at = now() - interval '1 second' where site_id = 'south'");
    await client.end();
    const result = await argusEdge(['enroll', '--cloud', cloud.url, '--token', token, '--credential-file', join(dir, 'south.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CLD_ERR_ENROLLMENT_TOKEN_EXPIRED');
  });
});
