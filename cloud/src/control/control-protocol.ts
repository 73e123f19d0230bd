/**
 * Messages of the control channel (`GET /api/agents/control`, WebSocket,
 * JSON text frames). The edge mirrors these types in
 * edge-agent/src/control/control-protocol.ts; docs/api.md is the contract.
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

/** Parses an edge frame; undefined for anything that is not a well-formed ack. */
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
