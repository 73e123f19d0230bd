import type { BusMessage, MessageKind } from './message-bus.js';

/** The NOTIFY channel of the bus (per database, so each deployment has its own). */
export const BUS_CHANNEL = 'argus_bus';

/**
 * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (the default
 * block size); a little room is kept. A message whose notification would be
 * larger is stored and the notification carries its seq.
 */
export const MAX_INLINE_NOTIFY_BYTES = 7_900; // used by pg-message-bus

/** What one notification on BUS_CHANNEL says. */
export type BusNotification =
  /** Rows up to `seq` are committed to stream_messages: read them. */
  | { readonly type: 'stored'; readonly seq: string }
  /** A whole message, not stored. */
  | { readonly type: 'inline'; readonly message: BusMessage };

interface InlineWire {
  k: MessageKind;
  o: string | null;
  s: string | null;
  c: string | null;
  p: unknown;
}

export function storedNotification(seq: string): string {
  return `s:${seq}`;
}

/** The notification text carrying `message`, or undefined when it is too large to travel inline. */
export function inlineNotification(message: BusMessage): string | undefined {
  const wire: InlineWire = { k: message.kind, o: message.orgId, s: message.siteId ?? null, c: message.cameraId ?? null, p: message.payload };
  const text = `m:${JSON.stringify(wire)}`;
  return Buffer.byteLength(text) <= MAX_INLINE_NOTIFY_BYTES ? text : undefined;
}

/** Parses a notification; undefined for anything this version does not know (another version's replica, a stray NOTIFY). */
export function parseNotification(text: string | undefined): BusNotification | undefined {
  if (text === undefined) return undefined;
  if (text.startsWith('s:')) {
    const seq = text.slice(2);
    return /^[0-9]{1,19}$/.test(seq) ? { type: 'stored', seq } : undefined;
  }
  if (!text.startsWith('m:')) return undefined;
  try {
    const wire = JSON.parse(text.slice(2)) as Partial<InlineWire>;
    if (typeof wire.k !== 'string' || !('p' in wire)) return undefined;
    return { type: 'inline', message: { kind: wire.k, orgId: wire.o ?? null, siteId: wire.s ?? null, cameraId: wire.c ?? null, payload: wire.p } };
  } catch {
    return undefined; // not ours: ignored, like any other unknown notification
  }
}
