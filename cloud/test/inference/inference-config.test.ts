import { describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../../src/config.js';

/** CloudConfig.inference: ARGUS_INFERENCE*, checked at boot like every setting. */
describe('inference configuration', () => {
  const load = (env: Record<string, string>) => loadCloudConfig({ ARGUS_DATA_DIR: '/tmp/argus-config-test', ...env }, '/tmp');

  it('is on by default, with one worker, four calls per worker, and rates per key and organisation', () => {
    expect(load({}).inference).toEqual({ enabled: true, workers: 1, queueLimit: 4, keyRate: 10, keyBurst: 20, orgRate: 50, orgBurst: 100 });
    expect(load({ ARGUS_INFERENCE_WORKERS: '3' }).inference).toMatchObject({ workers: 3, queueLimit: 12 });
  });

  it('reads every variable', () => {
    expect(load({
      ARGUS_INFERENCE: 'off', ARGUS_INFERENCE_WORKERS: '2', ARGUS_INFERENCE_QUEUE: '5',
      ARGUS_INFERENCE_KEY_RATE: '0.5', ARGUS_INFERENCE_KEY_BURST: '3', ARGUS_INFERENCE_ORG_RATE: '4', ARGUS_INFERENCE_ORG_BURST: '6',
    }).inference).toEqual({ enabled: false, workers: 2, queueLimit: 5, keyRate: 0.5, keyBurst: 3, orgRate: 4, orgBurst: 6 });
  });

  it('refuses bad values with a message naming the variable', () => {
    for (const [name, value] of [['ARGUS_INFERENCE', 'maybe'], ['ARGUS_INFERENCE_WORKERS', '0'], ['ARGUS_INFERENCE_WORKERS', '1.5'], ['ARGUS_INFERENCE_QUEUE', 'lots'], ['ARGUS_INFERENCE_KEY_RATE', '-1'], ['ARGUS_INFERENCE_ORG_BURST', '0']] as const) {
      expect(() => load({ [name]: value }), `${name}=${value}`).toThrow(expect.objectContaining({ code: 'CLD_ERR_CONFIG', message: expect.stringContaining(name) }));
    }
  });
});
