import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EdgeError, EdgeErrorCode } from '../errors.js';

/** What `argus-edge enroll` keeps: the agent's identity and its secret. */
export interface AgentCredential {
  /** Cloud base URL the agent enrolled with. */
  readonly cloud: string;
  readonly agentId: string;
  /** Organisation of the agent (first part of its object keys); absent in files written before organisations. */
  readonly orgId?: string;
  readonly siteId: string;
  /** Bearer credential of the edge API; only its hash is in the cloud. */
  readonly credential: string;
  readonly enrolledAt: string;
}

export const CREDENTIAL_FILE_NAME = 'credential.json';
/** Owner read/write only: the file holds a secret. */
export const CREDENTIAL_FILE_MODE = 0o600;

export function defaultCredentialFile(dataDir: string): string {
  return join(dataDir, CREDENTIAL_FILE_NAME);
}

/**
 * Writes the credential atomically (temp file, then rename) with mode 0600
 * from the first byte: the secret is never readable by others, even for a
 * moment, and a crash never leaves half a file.
 */
export async function writeCredentialFile(path: string, credential: AgentCredential): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(credential, null, 2)}\n`, { mode: CREDENTIAL_FILE_MODE, flag: 'w' });
  await chmod(temp, CREDENTIAL_FILE_MODE); // the umask may have narrowed it further, never widened; make it exact
  await rename(temp, path);
}

/** undefined when there is no such file; throws EDGE_ERR_CONFIG when it is unreadable or malformed. */
export async function readCredentialFile(path: string): Promise<AgentCredential | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EdgeError(EdgeErrorCode.config, `cannot read credential file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let value: Partial<AgentCredential>;
  try {
    value = JSON.parse(text) as Partial<AgentCredential>;
  } catch (err) {
    throw new EdgeError(EdgeErrorCode.config, `credential file ${path} is not valid JSON`, { cause: err });
  }
  if (typeof value.credential !== 'string' || typeof value.agentId !== 'string' || typeof value.siteId !== 'string') {
    throw new EdgeError(EdgeErrorCode.config, `credential file ${path} lacks credential, agentId or siteId; enroll again`);
  }
  return value as AgentCredential;
}
