import type { CloudErrorCode, EdgeErrorCode } from '@argus/contracts';

/**
 * What the wizard tells an operator when the agent could not reach or use a
 * camera, by the agent's stable code (contracts/src/errors.ts). Pure, so it
 * is tested without a DOM; the agent's own message is shown beside it.
 */
const EXPLANATIONS: Readonly<Partial<Record<EdgeErrorCode | CloudErrorCode, string>>> = {
  EDGE_ERR_ONVIF_AUTH:
    'The camera refused this username or password. Use the account set up in the camera itself (its web page), not an Argus account; some cameras lock an account for a while after several wrong tries.',
  EDGE_ERR_ONVIF_UNREACHABLE: 'The agent got no answer from the camera: check that it is powered, on the same network as the agent, and that the address is right.',
  EDGE_ERR_ONVIF_URL: 'That is not a camera service address: it should look like http://192.168.1.20/onvif/device_service.',
  EDGE_ERR_ONVIF_NO_VIDEO: 'The camera answered but offers no video profile; enable a video stream in its settings.',
  EDGE_ERR_ONVIF: 'The camera answered with an error; its message is below.',
  EDGE_ERR_RTSP_AUTH:
    'The stream refused this username or password. Use the account set up in the camera itself (its web page), not an Argus account; a URL that already holds a user and password uses those instead.',
  EDGE_ERR_SNAPSHOT: 'The agent could not get a picture from the stream: check the URL and the credentials.',
  EDGE_ERR_COMMAND_ARGS: 'The agent refused the details as given; its message names the field.',
  CLD_ERR_AGENT_NOT_CONNECTED: "The site's agent is not connected to the cloud right now.",
  CLD_ERR_COMMAND_TIMEOUT: 'The agent did not answer in time; try again.',
};

/** An operator's explanation of a failed onboarding step, or undefined when the code has none (the message is shown alone). */
export function explainOnboardingError(code: string): string | undefined {
  return (EXPLANATIONS as Readonly<Record<string, string | undefined>>)[code];
}

/** Pure: a camera id (a slug: lowercase letters, digits and dashes) from its name; 'camera' when nothing usable is left. */
export function cameraIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug === '' ? 'camera' : slug;
}

/** Pure: `host:port` (unicast WS-Discovery target) from what was typed; undefined when it is not one. */
export function parseDiscoveryTarget(text: string): { host: string; port: number } | undefined {
  const m = /^\s*([^\s:]+|\[[^\]]+\])(?::(\d{1,5}))?\s*$/.exec(text);
  if (!m) return undefined;
  const port = m[2] === undefined ? 3702 : Number(m[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}
