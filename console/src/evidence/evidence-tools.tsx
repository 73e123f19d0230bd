import type { Span } from '../timeline/timeline-layout.js';
import type { EvidenceLockRecord } from '@argus/contracts';
import { useSignal, type Signal } from '@preact/signals';
import { ConfirmDialog } from '../shared/confirm-dialog.js';
import { FormError } from '../shared/form-error.js';
import type { Resource } from '../shared/use-resource.js';
import { api } from '../store/api.js';
import { can } from '../store/session.js';
import type { TimeWindow } from '../timeline/timeline-scale.js';
import { formatWallClock } from '../time-format.js';
import { chooseRange, describeRange, exportRangeProblem, NO_MARKS, setMark, type EvidenceMarks } from './evidence-range.js';
import { ExportDialog } from './export-dialog.js';
import { LockDialog } from './lock-dialog.js';

/**
 * Evidence on the camera's timeline: the range (Mark in / Mark out at the
 * playhead, else the visible view), *Lock as evidence* and *Export clip*
 * for those who may (evidence.manage), and the held locks of the day with
 * their Release buttons. The locks are drawn on the bar by the timeline.
 */
export function EvidenceTools(props: {
  cameraId: string;
  cameraLabel: string;
  view: TimeWindow;
  nowMs: number;
  playhead: Date | null;
  marks: Signal<EvidenceMarks>;
  locks: Resource<readonly EvidenceLockRecord[]>;
}) {
  // The range a dialog acts on is the one shown when it opened: the view's end follows the clock, the lock must not.
  const dialog = useSignal<{ kind: 'lock' | 'export'; range: Span } | null>(null);
  const releasing = useSignal<EvidenceLockRecord | null>(null);
  const notice = useSignal<string | null>(null);
  const manage = can('evidence.manage');
  const { marks, locks } = props;
  const held = locks.data.value ?? [];
  if (!manage && held.length === 0) return null;

  const chosen = chooseRange(marks.value, props.view, props.nowMs);
  const exportProblem = chosen.ok ? exportRangeProblem(chosen.range) : null;
  const head = props.playhead?.getTime() ?? null;
  const mark = (which: 'in' | 'out'): void => {
    if (head !== null) marks.value = setMark(marks.peek(), which, head);
  };
  const onLocked = (lock: EvidenceLockRecord): void => {
    dialog.value = null;
    marks.value = NO_MARKS;
    notice.value = `Locked ${describeRange({ from: Date.parse(lock.from), to: Date.parse(lock.to) }, formatWallClock)}: ${lock.reason}`;
    void locks.reload();
  };

  return (
    <div class="evidence" data-testid="evidence-tools">
      {manage && (
        <div class="evidence__toolbar" role="toolbar" aria-label="Evidence">
          <span class="evidence__title">Evidence</span>
          <button type="button" class="button button--small" data-testid="mark-in" disabled={head === null} title={head === null ? 'Play a recording to mark at the playhead' : undefined} onClick={() => mark('in')}>
            Mark in
          </button>
          <button type="button" class="button button--small" data-testid="mark-out" disabled={head === null} title={head === null ? 'Play a recording to mark at the playhead' : undefined} onClick={() => mark('out')}>
            Mark out
          </button>
          {(marks.value.in !== null || marks.value.out !== null) && (
            <button type="button" class="button button--small" data-testid="clear-marks" onClick={() => (marks.value = NO_MARKS)}>
              Clear marks
            </button>
          )}
          <span class="evidence__range" data-testid="evidence-range" data-source={chosen.ok ? chosen.source : 'none'} data-from={chosen.ok ? new Date(chosen.range.from).toISOString() : undefined} data-to={chosen.ok ? new Date(chosen.range.to).toISOString() : undefined}>
            {chosen.ok ? `${chosen.source === 'marks' ? 'Marked' : 'Visible'}: ${describeRange(chosen.range, formatWallClock)}` : chosen.message}
          </span>
          <button type="button" class="button button--small" data-testid="lock-evidence" disabled={!chosen.ok} onClick={() => chosen.ok && (dialog.value = { kind: 'lock', range: chosen.range })}>
            Lock as evidence
          </button>
          <button type="button" class="button button--small" data-testid="export-clip" disabled={!chosen.ok || exportProblem !== null} title={exportProblem ?? undefined} onClick={() => chosen.ok && (dialog.value = { kind: 'export', range: chosen.range })}>
            Export clip
          </button>
        </div>
      )}
      {exportProblem !== null && <p class="timeline__note" data-testid="evidence-range-problem">{exportProblem}</p>}
      {notice.value !== null && (
        <p class="page-notice" role="status" data-testid="evidence-notice">
          {notice.value}
        </p>
      )}
      <FormError error={locks.error.value} message={`Could not load evidence locks: ${locks.error.value?.message ?? ''}`} testId="evidence-locks-error" />
      {held.length > 0 && (
        <ul class="evidence__locks" data-testid="evidence-locks" aria-label="Evidence locks">
          {held.map((lock) => (
            <li key={lock.id} class="evidence__lock" data-testid="evidence-lock" data-lock-id={lock.id}>
              <span class="evidence__lock-swatch" aria-hidden="true" />
              <span class="mono">{describeRange({ from: Date.parse(lock.from), to: Date.parse(lock.to) }, formatWallClock)}</span>
              <span class="evidence__lock-reason">{lock.reason}</span>
              <span class="muted">by {lock.createdBy}</span>
              {manage && (
                <button type="button" class="button button--small button--danger-quiet" data-testid="release-lock" onClick={() => (releasing.value = lock)}>
                  Release
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {dialog.value?.kind === 'lock' && (
        <LockDialog cameraId={props.cameraId} cameraLabel={props.cameraLabel} range={dialog.value.range} onLocked={onLocked} onClose={() => (dialog.value = null)} />
      )}
      {dialog.value?.kind === 'export' && (
        <ExportDialog cameraId={props.cameraId} cameraLabel={props.cameraLabel} range={dialog.value.range} onClose={() => (dialog.value = null)} />
      )}
      {releasing.value !== null && (
        <ConfirmDialog
          title="Release this evidence lock?"
          confirmLabel="Release lock"
          danger
          onConfirm={async () => {
            const lock = releasing.peek();
            if (lock === null) return;
            await api.releaseEvidenceLock(lock.id);
            notice.value = `Released the lock “${lock.reason}”: retention applies to that range again.`;
            void locks.reload();
          }}
          onClose={() => (releasing.value = null)}
        >
          <p>
            {describeRange({ from: Date.parse(releasing.value.from), to: Date.parse(releasing.value.to) }, formatWallClock)}: {releasing.value.reason}
          </p>
          <p>Retention applies to these recordings again; past their age they are deleted at the next retention run.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
