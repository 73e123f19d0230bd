import type { FastifyRequest } from 'fastify';
import { actorOf } from '../http/principal.js';
import type { AuditRepository, AuditResult } from './audit.repository.js';

export interface AuditEvent {
  /** Dotted, area first: `auth.login`, `user.create`, `live.view`. */
  readonly action: string;
  /** What was acted on: an email, `camera:cam-1`, `token:tok_…`. */
  readonly target?: string | null;
  readonly result?: AuditResult;
  /** Overrides: the organisation (default: the caller's) and actor (default: the caller). */
  readonly orgId?: string | null;
  readonly actor?: string;
}

/**
 * Writes audit entries for a request: actor, organisation and address come
 * from the request's principal. The write is awaited: an action that cannot
 * be audited fails rather than going unrecorded.
 */
export class AuditLog {
  /** (principal, action, target) → last time written, for views that clients poll. */
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly repository: AuditRepository,
    private readonly now: () => number,
  ) {}

  async record(request: FastifyRequest, event: AuditEvent): Promise<void> {
    const principal = request.principal;
    const orgId = event.orgId !== undefined ? event.orgId : principal.kind === 'anonymous' ? null : principal.orgId;
    await this.repository.append(
      { orgId, actor: event.actor ?? actorOf(principal), action: event.action, target: event.target ?? null, address: request.ip ?? null, result: event.result ?? 'ok' },
      this.now(),
    );
  }

  /**
   * Like record(), but at most once per `everyMs` for the same caller, action
   * and target on this replica: players poll live playlists every second,
   * and the log wants one line per viewing, not one per poll.
   */
  async recordViewing(request: FastifyRequest, event: AuditEvent, everyMs: number): Promise<void> {
    const key = `${actorOf(request.principal)}\n${event.action}\n${event.target ?? ''}`;
    const now = this.now();
    const last = this.recent.get(key);
    if (last !== undefined && now - last < everyMs) return;
    this.recent.set(key, now);
    if (this.recent.size > 10_000) {
      for (const [k, at] of this.recent) if (now - at >= everyMs) this.recent.delete(k);
    }
    await this.record(request, event);
  }
}
