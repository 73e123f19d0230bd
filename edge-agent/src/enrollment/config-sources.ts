import { camerasFileFor, mergeCameras, readCameraList } from '../control/camera-list-file.js';
import { defaultCredentialFile, readCredentialFile } from './credential-file.js';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Completes a raw configuration with what lives beside it:
 * - `cloud.token`, when absent (and ARGUS_EDGE_TOKEN unset), from the
 *   enrolled credential file (`credentialFile`, default `<dataDir>/credential.json`),
 *   which also supplies `siteId` when the configuration has none;
 * - the cameras of `cameras.json` beside the configuration, merged in.
 */
export async function withEdgeSources(raw: Raw, configPath: string, env: NodeJS.ProcessEnv): Promise<Raw> {
  let result = raw;
  const cloud = isObject(raw.cloud) ? raw.cloud : {};
  if (!cloud.token && !env.ARGUS_EDGE_TOKEN) {
    const file = typeof raw.credentialFile === 'string' ? raw.credentialFile : typeof raw.dataDir === 'string' ? defaultCredentialFile(raw.dataDir) : undefined;
    const credential = file === undefined ? undefined : await readCredentialFile(file);
    if (credential) {
      result = {
        ...result,
        cloud: { ...cloud, token: credential.credential, agentId: credential.agentId },
        ...(raw.siteId === undefined ? { siteId: credential.siteId } : {}),
        // Object keys start with the agent's organisation (credentials from before organisations carry none: the default).
        ...(raw.orgId === undefined && credential.orgId !== undefined ? { orgId: credential.orgId } : {}),
      };
    }
  }
  const stored = await readCameraList(camerasFileFor(configPath));
  if (stored.length > 0) {
    const configured = Array.isArray(raw.cameras) ? (raw.cameras as Array<{ id: string }>) : [];
    // What the agent runs of each stored camera (the registry reads the rest, ONVIF and snapshot URI, itself).
    const runnable = stored.map(({ id, name, main, sub, detect }) => ({ id, name, main, ...(sub === undefined ? {} : { sub }), ...(detect === undefined ? {} : { detect }) }));
    result = { ...result, cameras: mergeCameras(configured, runnable) };
  }
  return result;
}
