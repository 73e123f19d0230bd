import { randomBytes } from 'node:crypto';
import type { MotionSource } from '../simulated-camera.js';
import { MAX_PULL_POINTS_ANNOUNCED } from './onvif-device.js';
import { VIDEO_SOURCE_CONFIG_TOKEN, VIDEO_SOURCE_TOKEN, type OnvifContext, type OperationHandler } from './onvif-context.js';
import { FAULTS, formatDateTime, parseXsDuration } from './soap-envelope.js';
import { childOf, escapeXml } from './xml-tree.js';

/**
 * Events service (ver10/events), PullPoint only: a client creates a pull
 * point, then long-polls it with PullMessages. The camera reports its
 * motion state as two properties, `tns1:RuleEngine/CellMotionDetector/Motion`
 * (IsMotion) and `tns1:VideoSource/MotionAlarm` (State): once as
 * `Initialized` when the pull point is made (and on SetSynchronizationPoint),
 * then `Changed` whenever the state flips.
 */

/**
 * Where a camera's motion state comes from: `isMotion(nowMs)` with real epoch
 * ms. The camera defines it (scene ground truth); tests inject their own.
 */
export type { MotionSource };

export type MotionTopic = 'cell-motion' | 'motion-alarm';

export interface MotionNotification {
  readonly topic: MotionTopic;
  readonly isMotion: boolean;
  /** Camera clock (epoch ms) when the state was seen. */
  readonly cameraMs: number;
  readonly operation: 'Initialized' | 'Changed';
}

interface Subscription {
  readonly id: string;
  readonly cameraId: string;
  readonly motion: MotionSource;
  readonly cameraNowMs: () => number;
  terminationMs: number;
  last: boolean;
  readonly queue: MotionNotification[];
  wake: (() => void) | undefined;
}

export interface PullPointHubOptions {
  /** Real clock, epoch ms; injectable for tests. */
  readonly now?: () => number;
  /** How often motion sources are sampled while pull points exist, ms; default 100 (used by PullPointHub). */
  readonly pollMs?: number;
  /** Pull points per camera; default MAX_PULL_POINTS_ANNOUNCED (used by PullPointHub.create). */
  readonly maxPerCamera?: number;
  /** Notifications kept per pull point when nobody pulls; the oldest go first. Default 500 (used by PullPointHub). */
  readonly maxQueued?: number;
}

/** A handle on one pull point as the handlers see it. */
export interface PullPointInfo {
  readonly id: string;
  readonly terminationMs: number;
}

/**
 * The pull points of all cameras. Motion sources are sampled every
 * `pollMs` while at least one pull point exists (no timer otherwise), each
 * pull point keeping the last state it reported, so a flip between two
 * pulls is queued and not lost. Pull points expire at their termination
 * time. `tick()` is public so tests drive it with a fixed clock.
 */
export class PullPointHub {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly maxPerCamera: number;
  private readonly maxQueued: number;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: PullPointHubOptions = {}) {
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? 100;
    this.maxPerCamera = options.maxPerCamera ?? MAX_PULL_POINTS_ANNOUNCED;
    this.maxQueued = options.maxQueued ?? 500;
  }

  get size(): number {
    return this.subscriptions.size;
  }

  /** Creates a pull point holding the current state as `Initialized` notifications. Throws a SOAP fault past the per-camera limit. */
  create(cameraId: string, motion: MotionSource, cameraNowMs: () => number, terminationMs: number): PullPointInfo {
    this.expire(this.now());
    const count = [...this.subscriptions.values()].filter((s) => s.cameraId === cameraId).length;
    if (count >= this.maxPerCamera) throw FAULTS.invalidArg(`at most ${this.maxPerCamera} pull points per camera`, 'ter:TooManySubscriptions');
    const now = this.now();
    const subscription: Subscription = {
      id: randomBytes(12).toString('hex'),
      cameraId,
      motion,
      cameraNowMs,
      terminationMs,
      last: motion.isMotion(now),
      queue: [],
      wake: undefined,
    };
    this.push(subscription, subscription.last, 'Initialized');
    this.subscriptions.set(subscription.id, subscription);
    this.schedule();
    return { id: subscription.id, terminationMs };
  }

  /** The live pull point `id` of `cameraId`; undefined when unknown or expired. */
  find(cameraId: string, id: string): PullPointInfo | undefined {
    this.expire(this.now());
    const s = this.subscriptions.get(id);
    return s && s.cameraId === cameraId ? { id: s.id, terminationMs: s.terminationMs } : undefined;
  }

  /**
   * Waits until the pull point has notifications, `timeoutMs` passes, it
   * expires, or `signal` aborts; returns at most `limit` notifications.
   */
  async pull(id: string, timeoutMs: number, limit: number, signal?: AbortSignal): Promise<MotionNotification[]> {
    const s = this.subscriptions.get(id);
    if (!s) return [];
    this.sample(s, this.now());
    if (s.queue.length === 0 && timeoutMs > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          if (s.wake === done) s.wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, Math.min(timeoutMs, s.terminationMs - this.now())));
        signal?.addEventListener('abort', done, { once: true });
        // One waiting pull per pull point: a newer pull takes over (the older returns empty).
        s.wake?.();
        s.wake = done;
      });
    }
    return s.queue.splice(0, Math.max(0, limit));
  }

  renew(id: string, terminationMs: number): void {
    const s = this.subscriptions.get(id);
    if (s) s.terminationMs = terminationMs;
  }

  remove(id: string): void {
    const s = this.subscriptions.get(id);
    if (!s) return;
    this.subscriptions.delete(id);
    s.wake?.();
    if (this.subscriptions.size === 0) this.unschedule();
  }

  /** SetSynchronizationPoint: queues the current state again as `Initialized`. */
  synchronize(id: string): void {
    const s = this.subscriptions.get(id);
    if (!s) return;
    s.last = s.motion.isMotion(this.now());
    this.push(s, s.last, 'Initialized');
    s.wake?.();
  }

  /** Ends every waiting pull of a camera (it went offline: the server drops those connections). */
  wakeCamera(cameraId: string): void {
    for (const s of this.subscriptions.values()) if (s.cameraId === cameraId) s.wake?.();
  }

  /** Samples every motion source once and expires what is due. */
  tick(): void {
    const now = this.now();
    this.expire(now);
    for (const s of this.subscriptions.values()) this.sample(s, now);
  }

  close(): void {
    this.closed = true;
    for (const s of this.subscriptions.values()) s.wake?.();
    this.subscriptions.clear();
    this.unschedule();
  }

  private sample(s: Subscription, now: number): void {
    let state: boolean;
    try {
      state = s.motion.isMotion(now);
    } catch {
      // A broken motion source reads as "no change" rather than taking the events service down.
      return;
    }
    if (state === s.last) return;
    s.last = state;
    this.push(s, state, 'Changed');
    s.wake?.();
  }

  private push(s: Subscription, isMotion: boolean, operation: MotionNotification['operation']): void {
    const cameraMs = s.cameraNowMs();
    s.queue.push({ topic: 'cell-motion', isMotion, cameraMs, operation }, { topic: 'motion-alarm', isMotion, cameraMs, operation });
    if (s.queue.length > this.maxQueued) s.queue.splice(0, s.queue.length - this.maxQueued);
  }

  private expire(now: number): void {
    for (const s of [...this.subscriptions.values()]) if (now >= s.terminationMs) this.remove(s.id);
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.tick(), this.pollMs);
    // Pull points must not keep a process alive on their own.
    this.timer.unref();
  }

  private unschedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export const TOPIC_DIALECT = 'http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet';
const MOTION_RULE = 'MyMotionDetectorRule';
const ANALYTICS_TOKEN = 'vac-0';

export function notificationXml(n: MotionNotification): string {
  const value = n.isMotion ? 'true' : 'false';
  const [topic, source, data] =
    n.topic === 'cell-motion'
      ? [
          'tns1:RuleEngine/CellMotionDetector/Motion',
          `<tt:SimpleItem Name="VideoSourceConfigurationToken" Value="${VIDEO_SOURCE_CONFIG_TOKEN}"/>` +
            `<tt:SimpleItem Name="VideoAnalyticsConfigurationToken" Value="${ANALYTICS_TOKEN}"/><tt:SimpleItem Name="Rule" Value="${MOTION_RULE}"/>`,
          `<tt:SimpleItem Name="IsMotion" Value="${value}"/>`,
        ]
      : ['tns1:VideoSource/MotionAlarm', `<tt:SimpleItem Name="Source" Value="${VIDEO_SOURCE_TOKEN}"/>`, `<tt:SimpleItem Name="State" Value="${value}"/>`];
  return (
    `<wsnt:NotificationMessage><wsnt:Topic Dialect="${TOPIC_DIALECT}">${topic}</wsnt:Topic><wsnt:Message>` +
    `<tt:Message UtcTime="${formatDateTime(n.cameraMs)}" PropertyOperation="${n.operation}">` +
    `<tt:Source>${source}</tt:Source><tt:Data>${data}</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>`
  );
}

function description(source: string, data: string): string {
  return `<tt:MessageDescription IsProperty="true"><tt:Source>${source}</tt:Source><tt:Data>${data}</tt:Data></tt:MessageDescription>`;
}

export const EVENT_PROPERTIES_XML =
  `<tev:GetEventPropertiesResponse>` +
  `<tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>` +
  `<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet><wstop:TopicSet>` +
  `<tns1:RuleEngine><tns1:CellMotionDetector><tns1:Motion wstop:topic="true">` +
  description(
    `<tt:SimpleItemDescription Name="VideoSourceConfigurationToken" Type="tt:ReferenceToken"/>` +
      `<tt:SimpleItemDescription Name="VideoAnalyticsConfigurationToken" Type="tt:ReferenceToken"/>` +
      `<tt:SimpleItemDescription Name="Rule" Type="xsd:string"/>`,
    `<tt:SimpleItemDescription Name="IsMotion" Type="xsd:boolean"/>`,
  ) +
  `</tns1:Motion></tns1:CellMotionDetector></tns1:RuleEngine>` +
  `<tns1:VideoSource><tns1:MotionAlarm wstop:topic="true">` +
  description(`<tt:SimpleItemDescription Name="Source" Type="tt:ReferenceToken"/>`, `<tt:SimpleItemDescription Name="State" Type="xsd:boolean"/>`) +
  `</tns1:MotionAlarm></tns1:VideoSource></wstop:TopicSet>` +
  `<wsnt:TopicExpressionDialect>${TOPIC_DIALECT}</wsnt:TopicExpressionDialect>` +
  `<wsnt:TopicExpressionDialect>http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete</wsnt:TopicExpressionDialect>` +
  `<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect>` +
  `<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd</tev:MessageContentSchemaLocation>` +
  `</tev:GetEventPropertiesResponse>`;

/** Pull point lifetime when the client asks for none, and the bounds of what it may ask. */
export const PULL_POINT_LIFETIME = { defaultMs: 60_000, minMs: 1_000, maxMs: 3_600_000 } as const; // used by terminationFrom
/** Longest a PullMessages may wait, and the largest MessageLimit honoured. */
export const PULL_LIMITS = { maxTimeoutMs: 60_000, maxMessages: 1_000 } as const; // used by the PullMessages handler

/**
 * A termination time from a request: an xs:duration from now, or an
 * absolute xs:dateTime on the camera's clock. Returns real epoch ms,
 * clamped to PULL_POINT_LIFETIME. Throws a SOAP fault when unreadable.
 */
export function terminationFrom(text: string | undefined, nowMs: number, cameraNowMs: number): number {
  let relative: number | undefined;
  if (text === undefined || text === '') relative = PULL_POINT_LIFETIME.defaultMs;
  else if (text.trim().startsWith('P')) relative = parseXsDuration(text);
  else {
    const at = Date.parse(text);
    if (Number.isFinite(at)) relative = at - cameraNowMs;
  }
  if (relative === undefined) throw FAULTS.invalidArg(`termination time ${JSON.stringify(text)} is neither a duration nor a dateTime`);
  return nowMs + Math.min(PULL_POINT_LIFETIME.maxMs, Math.max(PULL_POINT_LIFETIME.minMs, relative));
}

/** What the events handlers need beyond the common context. */
export interface EventsContext extends OnvifContext {
  readonly hub: PullPointHub;
  readonly motion: MotionSource;
  /** Set on requests to a subscription address. */
  readonly subscriptionId: string | undefined;
  /** Aborts when the client goes away (ends a long poll early). */
  readonly signal: AbortSignal;
}

function cameraTimeOf(ctx: EventsContext, realMs: number): string {
  return formatDateTime(ctx.cameraNowMs() + (realMs - ctx.nowMs()));
}

function liveSubscription(ctx: EventsContext): PullPointInfo {
  const info = ctx.subscriptionId === undefined ? undefined : ctx.hub.find(ctx.cameraId, ctx.subscriptionId);
  if (!info) throw FAULTS.resourceUnknown();
  return info;
}

/** Operations on the events service address. */
export const eventsOperations: Readonly<Record<string, OperationHandler<EventsContext>>> = {
  GetEventProperties: () => EVENT_PROPERTIES_XML,
  GetServiceCapabilities: () =>
    `<tev:GetServiceCapabilitiesResponse><tev:Capabilities WSSubscriptionPolicySupport="false" WSPullPointSupport="true" ` +
    `WSPausableSubscriptionManagerInterfaceSupport="false" MaxNotificationProducers="0" MaxPullPoints="${MAX_PULL_POINTS_ANNOUNCED}" ` +
    `PersistentNotificationStorage="false"/></tev:GetServiceCapabilitiesResponse>`,
  CreatePullPointSubscription: (op, ctx) => {
    const termination = terminationFrom(childOf(op, 'InitialTerminationTime')?.text, ctx.nowMs(), ctx.cameraNowMs());
    const info = ctx.hub.create(ctx.cameraId, ctx.motion, () => ctx.cameraNowMs(), termination);
    return (
      `<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>${escapeXml(`${ctx.urls.subscriptions}/${info.id}`)}</wsa:Address>` +
      `</tev:SubscriptionReference><wsnt:CurrentTime>${formatDateTime(ctx.cameraNowMs())}</wsnt:CurrentTime>` +
      `<wsnt:TerminationTime>${cameraTimeOf(ctx, info.terminationMs)}</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>`
    );
  },
};

/** Operations on a pull point's own address. */
export const subscriptionOperations: Readonly<Record<string, OperationHandler<EventsContext>>> = {
  PullMessages: async (op, ctx) => {
    const info = liveSubscription(ctx);
    const timeoutText = childOf(op, 'Timeout')?.text;
    const timeout = timeoutText === undefined ? 0 : parseXsDuration(timeoutText);
    if (timeout === undefined) throw FAULTS.invalidArg(`Timeout ${JSON.stringify(timeoutText)} is not a duration`);
    const limitText = childOf(op, 'MessageLimit')?.text ?? '10';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 0) throw FAULTS.invalidArg(`MessageLimit ${JSON.stringify(limitText)} is not a count`);
    const messages = await ctx.hub.pull(info.id, Math.min(timeout, PULL_LIMITS.maxTimeoutMs), Math.min(limit, PULL_LIMITS.maxMessages), ctx.signal);
    const current = ctx.hub.find(ctx.cameraId, info.id) ?? info;
    return (
      `<tev:PullMessagesResponse><tev:CurrentTime>${formatDateTime(ctx.cameraNowMs())}</tev:CurrentTime>` +
      `<tev:TerminationTime>${cameraTimeOf(ctx, current.terminationMs)}</tev:TerminationTime>` +
      messages.map(notificationXml).join('') +
      `</tev:PullMessagesResponse>`
    );
  },
  Renew: (op, ctx) => {
    const info = liveSubscription(ctx);
    const termination = terminationFrom(childOf(op, 'TerminationTime')?.text, ctx.nowMs(), ctx.cameraNowMs());
    ctx.hub.renew(info.id, termination);
    return (
      `<wsnt:RenewResponse><wsnt:TerminationTime>${cameraTimeOf(ctx, termination)}</wsnt:TerminationTime>` +
      `<wsnt:CurrentTime>${formatDateTime(ctx.cameraNowMs())}</wsnt:CurrentTime></wsnt:RenewResponse>`
    );
  },
  Unsubscribe: (_op, ctx) => {
    ctx.hub.remove(liveSubscription(ctx).id);
    return '<wsnt:UnsubscribeResponse/>';
  },
  SetSynchronizationPoint: (_op, ctx) => {
    ctx.hub.synchronize(liveSubscription(ctx).id);
    return '<tev:SetSynchronizationPointResponse/>';
  },
};
