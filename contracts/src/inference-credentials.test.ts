import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { agentIdOfAccessKeyId, agentInferenceAccessKeyId, agentInferenceKey, agentInferenceSecretFromHash } from './inference-credentials.js';

describe('agent inference keys', () => {
  const credential = 'argus-agent-3q2+7w8vAbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_';
  const credentialHash = createHash('sha256').update(credential).digest('hex');

  it('derives the secret from the sha256 of the credential, the form the cloud stores', async () => {
    const expected = createHmac('sha256', credentialHash).update('argus-rekognition-v1').digest('hex');
    expect(await agentInferenceSecretFromHash(credentialHash)).toBe(expected);
    expect(await agentInferenceKey('agent-0a1b2c3d4e5f', credential)).toEqual({ accessKeyId: 'ARGUSAGENT_agent-0a1b2c3d4e5f', secretAccessKey: expected });
  });

  it('is a fixed function of its inputs (edge and cloud of different releases agree)', async () => {
    expect(await agentInferenceSecretFromHash('0'.repeat(64))).toBe(createHmac('sha256', '0'.repeat(64)).update('argus-rekognition-v1').digest('hex'));
    expect(await agentInferenceSecretFromHash('0'.repeat(64))).toMatch(/^[0-9a-f]{64}$/);
    expect((await agentInferenceKey('a', 'one')).secretAccessKey).not.toBe((await agentInferenceKey('a', 'two')).secretAccessKey);
  });

  it('reads the agent id back from the access key id', () => {
    expect(agentIdOfAccessKeyId(agentInferenceAccessKeyId('legacy'))).toBe('legacy');
    expect(agentIdOfAccessKeyId('ARGUSAGENT_')).toBeUndefined();
    expect(agentIdOfAccessKeyId('ARGUSKEYABCDEFGHIJKL')).toBeUndefined();
  });
});
