/**
 * Control channel messages, mirrored from cloud/src/control/control-protocol.ts
 * (the edge does not import cloud code); docs/api.md is the contract.
 */
export const COMMAND_TYPES = ['snapshot', 'discover', 'add-camera', 'update-camera', 'ptz', 'live-start', 'live-stop'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export interface HelloMessage {
  readonly type: 'hello';
  readonly agentId: string;
  readonly serverTime: number;
}

export interface CommandMessage {
  readonly type: 'command';
  readonly id: string;
  readonly command: CommandType;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface AckMessage {
  readonly type: 'ack';
  readonly id: string;
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Parses a cloud frame; undefined for anything else (dropped). */
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
