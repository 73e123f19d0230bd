/**
 * Messages of the control channel between the cloud and an edge agent
 * (`GET /api/agents/control`, WebSocket, JSON text frames); docs/api.md is
 * the contract. Both sides parse what they receive with the functions here.
 */
export const COMMAND_TYPES = ['snapshot', 'discover', 'add-camera', 'update-camera', 'ptz', 'live-start', 'live-stop'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** cloud → edge, once on connect. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly agentId: string;
  /** Cloud clock, epoch ms. */
  readonly serverTime: number;
}

/** cloud → edge. */
export interface CommandMessage {
  readonly type: 'command';
  readonly id: string;
  readonly command: CommandType;
  readonly args: Readonly<Record<string, unknown>>;
}

/** edge → cloud, one per command. */
export interface AckMessage {
  readonly type: 'ack';
  readonly id: string;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

export type CloudToEdge = HelloMessage | CommandMessage;

/** Parses an edge frame in the cloud; undefined for anything that is not a well-formed ack. */
export function parseAck(text: string): AckMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // garbage from a broken client: dropped, the command times out
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.type !== 'ack' || typeof m.id !== 'string' || typeof m.ok !== 'boolean') return undefined;
  const error = m.error as Record<string, unknown> | undefined;
  return {
    type: 'ack',
    id: m.id,
    ok: m.ok,
    ...(m.result === undefined ? {} : { result: m.result }),
    ...(error && typeof error === 'object' ? { error: { code: String(error.code ?? 'EDGE_ERR_COMMAND'), message: String(error.message ?? '') } } : {}),
  };
}

/** Parses a cloud frame on the edge; undefined for anything else (dropped). */
export function parseCloudMessage(text: string): HelloMessage | CommandMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // not JSON: nothing to answer, the cloud's wait times out
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.type === 'hello' && typeof m.agentId === 'string' && typeof m.serverTime === 'number') return { type: 'hello', agentId: m.agentId, serverTime: m.serverTime };
  if (m.type === 'command' && typeof m.id === 'string' && typeof m.command === 'string') {
    const args = typeof m.args === 'object' && m.args !== null && !Array.isArray(m.args) ? (m.args as Record<string, unknown>) : {};
    return { type: 'command', id: m.id, command: m.command as CommandType, args };
  }
  return undefined;
}
