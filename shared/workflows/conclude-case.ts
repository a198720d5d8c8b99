import { now } from '../clock.js';
import { SYSTEM_ACTOR, type CaseRecord } from '../cases/case-record.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { announce } from '../events/announce.js';
import { claimantNotice } from '../notifications/notice.js';
import { dueEntryDelete } from '../sla/due-index.js';
import { stopClock } from '../sla/sla-clock.js';
import { taskSubject } from '../sla/task-clock.js';
import { tasksOfCase, taskUpdateWrite } from '../tasks/task-repository.js';
import { awaitsWork } from '../tasks/task-record.js';

export type ConcludeStep =
  | { readonly step: 'conclude'; readonly caseId: string; readonly decision: string }
  | { readonly step: 'decide'; readonly caseId: string; readonly decision: string }
  | { readonly step: 'notify'; readonly caseId: string; readonly decision: string }
  | { readonly step: 'close'; readonly caseId: string; readonly reason: string };

/**
 * The last steps of a lifecycle: record the decision, tell the claimant, close. Each step is
 * idempotent, because Step Functions may run a task twice. Deciding and closing announce
 * themselves (CaseDecided, CaseClosed) here rather than in a state of their own: one state
 * transition less each, on every case (transitions are most of a case's cost, docs/capacity.md).
 */
export async function concludeCase(input: ConcludeStep): Promise<{ status: string; reason?: string }> {
  switch (input.step) {
    // Decide, notify and close in one state and one transaction: three history entries that
    // always follow one another, written with one update of the case item and its index copies
    // instead of three, with no other writer between them (a writer in between cost a cancelled
    // transaction and its retry). Announced once the case is closed.
    case 'conclude':
      return finishCase(input.caseId, { decision: input.decision, notify: true, closeReason: 'decided' });
    case 'decide':
      return finishCase(input.caseId, { decision: input.decision });
    case 'notify':
      return finishCase(input.caseId, { notify: true });
    case 'close':
      return finishCase(input.caseId, { closeReason: input.reason });
  }
}

/** What is left to do of a case's end: any of deciding, telling the claimant, closing. */
export interface CaseEnding {
  readonly decision?: string;
  /** Tell the claimant of the decision (in the portal), once per decision. */
  readonly notify?: boolean;
  readonly closeReason?: string;
}

/**
 * Does, in one change of the case, what of `ending` is not done yet (a retried step finds the
 * rest done), then announces (the archive-case function archives a closed case on CaseClosed).
 */
export async function finishCase(caseId: string, ending: CaseEnding): Promise<{ status: string; reason?: string }> {
  const record = await getCase(caseId);
  if (!record) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  const at = now().toISOString();
  const decidedAlready = (record as { decision?: string }).decision === ending.decision && (record.status === 'decided' || record.status === 'closed');
  const deciding = ending.decision !== undefined && !decidedAlready;
  const closing = ending.closeReason !== undefined && record.status !== 'closed';
  const decision = ending.decision ?? (record as { decision?: string }).decision ?? '';
  const decidedAt = deciding ? at : ((record as { decidedAt?: string }).decidedAt ?? '');
  // One notice per decision of this case: the key makes a repeated step a no-op. The same
  // occurrence as the CaseDecided event's (shared/notifications/notify-event.ts).
  const notice =
    ending.notify && record.ownerId
      ? claimantNotice(record, { eventType: 'CaseDecided', key: `${record.caseId}#${decidedAt}#${decision}` }, 'case-decided', at)
      : undefined;
  // Why the case closes, as CaseClosed announces it: a wait that ran out says so itself.
  const closingReason = (record as { closingReason?: string }).closingReason ?? ending.closeReason ?? '';
  const closeWork = closing ? await closingWrites(record, closingReason, at) : undefined;

  const facts = [
    ...(deciding ? [{ at, actor: SYSTEM_ACTOR, action: 'case.decided', details: { decision } }] : []),
    ...(notice ? [{ at, actor: SYSTEM_ACTOR, action: 'claimant.notified', details: { template: 'case-decided', channel: 'portal' } }] : []),
    ...(closeWork ? [{ at, actor: SYSTEM_ACTOR, action: 'case.closed', details: { reason: closingReason, cancelledTasks: closeWork.cancelledTasks } }] : []),
  ];
  let closed = record;
  if (facts.length > 0) {
    const change = {
      ...(closeWork ? { status: 'closed' } : deciding ? { status: 'decided' } : {}),
      set: { ...(deciding ? { decision, decidedAt } : {}), ...(closeWork?.set ?? {}) },
      // The notice first: its condition (not sent yet) is the one a retry may find refused.
      linkedWrites: [...(notice ? [notice] : []), ...(closeWork?.writes ?? [])],
    };
    try {
      closed = (await recordChange(caseId, facts, change)).record;
    } catch (error) {
      // The notice went out on an earlier run of this step (whose other parts then failed): do the rest.
      if (!(error instanceof LinkedWriteRefused) || !notice || error.index !== 0) throw error;
      return finishCase(caseId, { ...ending, notify: false });
    }
  }
  // Announced on every run of a step that asks for it (a retry after a refused event must announce still).
  if (ending.decision !== undefined) await announce('CaseDecided', { caseId, decision: ending.decision });
  if (ending.closeReason !== undefined) {
    const reason = closeWork ? closingReason : ((closed as { closeReason?: string }).closeReason ?? closingReason);
    await announce('CaseClosed', { caseId, reason });
    return { status: closed.status, reason };
  }
  return { status: closed.status };
}

/** What closing changes besides the status: open work ends, the clock stops, nothing stays due. */
async function closingWrites(record: CaseRecord, reason: string, at: string) {
  // Whatever work is still open on the case ends with it.
  const openTasks = (await tasksOfCase(record.caseId)).filter(awaitsWork);
  // The case's clock stops where it stands (the dashboard reads its final state), and nothing of
  // the case stays in the due index.
  const clock = record.clock ? stopClock(record.clock, new Date(at)) : undefined;
  return {
    cancelledTasks: openTasks.map((t) => t.taskId),
    set: { closedAt: at, closeReason: reason, claimantWait: null, ...(clock ? { clock } : {}) },
    writes: [
      ...openTasks.map((t) => taskUpdateWrite({ ...t, status: 'cancelled', version: t.version + 1, updatedAt: at }, t.version)),
      ...openTasks.map((t) => dueEntryDelete(record.caseId, taskSubject(t.taskId))),
      dueEntryDelete(record.caseId, 'case'),
      dueEntryDelete(record.caseId, 'claimant-wait'),
    ],
  };
}
