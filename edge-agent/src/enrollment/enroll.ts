import type { EnrollBody, EnrollResponse } from '@argus/contracts';
import { CloudCallError } from '../adapters/uplink/cloud-client.js';

export interface EnrollInput {
  /** Cloud base URL. */
  readonly cloud: string;
  /** One-time enrollment token from the cloud's admin. */
  readonly token: string;
  readonly name: string;
  readonly version: string;
  readonly timeoutMs?: number;
}

export type EnrollResult = EnrollResponse;

/**
 * Trades a one-time enrollment token for this agent's credential
 * (`POST /api/agents/enroll`). A used or expired token is a
 * CloudCallError with status 410 and the cloud's code.
 */
export async function enrollAgent(input: EnrollInput): Promise<EnrollResult> {
  const url = new URL('/api/agents/enroll', input.cloud);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: input.token, name: input.name, version: input.version } satisfies EnrollBody),
      signal: AbortSignal.timeout(input.timeoutMs ?? 15_000),
    });
  } catch (err) {
    throw new CloudCallError(`cloud unreachable at ${url.origin}: ${(err as Error).message}`, { retryable: true, cause: err });
  }
  const body = (await response.json().catch(() => ({}))) as Partial<EnrollResult> & { code?: string; message?: string };
  if (!response.ok) {
    throw new CloudCallError(`enrollment refused: ${response.status} ${body.code ?? ''} ${body.message ?? response.statusText}`.trim(), {
      status: response.status,
      ...(body.code === undefined ? {} : { apiCode: body.code }),
      retryable: response.status >= 500,
    });
  }
  if (typeof body.credential !== 'string' || typeof body.agentId !== 'string' || typeof body.siteId !== 'string' || typeof body.orgId !== 'string') {
    throw new CloudCallError('enrollment answer lacks agentId, orgId, siteId or credential', { status: response.status, retryable: false });
  }
  return { agentId: body.agentId, orgId: body.orgId, siteId: body.siteId, credential: body.credential };
}
