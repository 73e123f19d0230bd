import { isArgusError } from '@argus/core';
import { redactFault } from '../faults/fault-controller.js';
import { FaultInputError, isFaultKind, parseFault, type Fault, type FaultKind } from '../faults/fault-spec.js';
import type { ActiveFault } from '../faults/camera-faults.js';
import { SIM_ERRORS } from '../simulator-errors.js';

/** What the control API drives: a subset of the Simulator, so tests can hand in anything shaped like it. */
export interface ControlTarget {
  cameraIds(): string[];
  cameraUrls(id: string): Readonly<Record<string, string>>;
  isCameraOnline(id: string): boolean;
  playingSessions(id: string): number;
  faults(id: string): ActiveFault[];
  setFault(id: string, fault: Fault): void;
  clearFault(id: string, kind: FaultKind): boolean;
}

/** A route's answer: status and JSON body (none for 204). */
export interface ControlResponse {
  readonly status: number;
  readonly body?: unknown;
}

/** Error body: a stable code, a message, and the offending field for 400s. */
function error(status: number, code: string, message: string, field?: string): ControlResponse {
  return { status, body: { error: { code, message, ...(field === undefined ? {} : { field }) } } };
}

/** A URL without its user info: the control API never shows passwords. */
function withoutCredentials(url: string): string {
  return url.replace(/^(rtsp:\/\/)[^@/]*@/, '$1');
}

function cameraStatus(target: ControlTarget, id: string): unknown {
  const urls = Object.fromEntries(Object.entries(target.cameraUrls(id)).map(([stream, url]) => [stream, withoutCredentials(url)]));
  return {
    id,
    online: target.isCameraOnline(id),
    urls,
    sessions: target.playingSessions(id),
    faults: target.faults(id).map((a) => ({
      ...redactFault(a.fault),
      since: new Date(a.sinceMs).toISOString(),
      ...(a.untilMs === undefined ? {} : { until: new Date(a.untilMs).toISOString() }),
    })),
  };
}

/**
 * The control API's routes (no I/O: method, path and parsed body in, status
 * and JSON out), so the server file is only HTTP plumbing.
 *
 *   GET    /health
 *   GET    /cameras
 *   GET    /cameras/:id
 *   PUT    /cameras/:id/faults/:kind   body: the fault's parameters
 *   DELETE /cameras/:id/faults/:kind
 *   POST   /cameras/:id/reboot         body: { downMs }
 */
export function routeControl(target: ControlTarget, method: string, path: string, body: unknown): ControlResponse {
  const parts = path.split('/').filter((p) => p.length > 0).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const allow = (methods: string[], run: () => ControlResponse): ControlResponse =>
    methods.includes(method) ? run() : error(405, 'SIM_ERR_CONTROL_METHOD', `${method} is not allowed here (allowed: ${methods.join(', ')})`);
  try {
    if (parts.length === 1 && parts[0] === 'health') return allow(['GET'], () => ({ status: 200, body: { status: 'ok', cameras: target.cameraIds().length } }));
    if (parts[0] !== 'cameras') return error(404, 'SIM_ERR_CONTROL_ROUTE', `no route ${path}`);
    if (parts.length === 1) return allow(['GET'], () => ({ status: 200, body: { cameras: target.cameraIds().map((id) => cameraStatus(target, id)) } }));
    const id = parts[1]!;
    if (!target.cameraIds().includes(id)) return error(404, SIM_ERRORS.unknownCamera, `no camera ${JSON.stringify(id)}`);
    if (parts.length === 2) return allow(['GET'], () => ({ status: 200, body: cameraStatus(target, id) }));
    if (parts.length === 3 && parts[2] === 'reboot') {
      return allow(['POST'], () => {
        const record = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
        if (!record) throw new FaultInputError('body', 'must be a JSON object');
        const { downMs, ...rest } = record;
        const extra = Object.keys(rest)[0];
        if (extra !== undefined) throw new FaultInputError(extra, 'is not a parameter of reboot (allowed: downMs)');
        if (downMs === undefined) throw new FaultInputError('downMs', 'is required');
        let fault: Fault;
        try {
          fault = parseFault('reboot', { durationMs: downMs });
        } catch (err) {
          if (err instanceof FaultInputError) throw new FaultInputError('downMs', err.message.replace(/^durationMs: /, ''));
          throw err;
        }
        target.setFault(id, fault);
        return { status: 202, body: cameraStatus(target, id) };
      });
    }
    if (parts.length === 4 && parts[2] === 'faults') {
      const kind = parts[3]!;
      if (!isFaultKind(kind)) return error(404, 'SIM_ERR_CONTROL_FAULT_KIND', `no fault kind ${JSON.stringify(kind)}`);
      return allow(['PUT', 'DELETE'], () => {
        if (method === 'DELETE') {
          target.clearFault(id, kind);
          return { status: 204 };
        }
        target.setFault(id, parseFault(kind, body));
        return { status: 200, body: cameraStatus(target, id) };
      });
    }
    return error(404, 'SIM_ERR_CONTROL_ROUTE', `no route ${path}`);
  } catch (err) {
    if (err instanceof FaultInputError) return error(400, SIM_ERRORS.faultInvalid, err.message, err.field);
    if (isArgusError(err) && err.code === SIM_ERRORS.unknownCamera) return error(404, err.code, err.message);
    throw err;
  }
}
