import { now } from '../clock.js';
import { SYSTEM_ACTOR, type CaseRecord } from '../cases/case-record.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { archiveCase } from '../documents/archive.js';
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
  // Decide, notify and close in one state: three steps that always follow one another cost one
  // state transition instead of three (and a Pass state naming the decision before them).
  // Each part is idempotent on its own, so a retried state redoes only what is left.
  if (input.step === 'conclude') {
    await concludeCase({ step: 'decide', caseId: input.caseId, decision: input.decision });
    await concludeCase({ step: 'notify', caseId: input.caseId, decision: input.decision });
    return concludeCase({ step: 'close', caseId: input.caseId, reason: 'decided' });
  }
  const record = await getCase(input.caseId);
  if (!record) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  const at = now().toISOString();

  if (input.step === 'decide') {
    const decided = await decideOnce(record, input.decision, at);
    await announce('CaseDecided', { caseId: input.caseId, decision: input.decision });
    return decided;
  }

  if (input.step === 'notify') {
    if (!record.ownerId) return { status: record.status };
    // One notice per decision of this case: the key makes a repeated step a no-op.
    // The same occurrence as the CaseDecided event's (shared/notifications/notify-event.ts).
    const decidedAt = (record as { decidedAt?: string }).decidedAt ?? '';
    const notice = claimantNotice(record, { eventType: 'CaseDecided', key: `${record.caseId}#${decidedAt}#${input.decision}` }, 'case-decided', at)!;
    try {
      await recordChange(
        input.caseId,
        { at, actor: SYSTEM_ACTOR, action: 'claimant.notified', details: { template: 'case-decided', channel: 'portal' } },
        { linkedWrites: [notice] },
      );
    } catch (error) {
      if (!(error instanceof LinkedWriteRefused)) throw error;
    }
    return { status: record.status };
  }

  const closed = await closeOnce(record, input.reason, at);
  await announce('CaseClosed', { caseId: input.caseId, reason: closed.reason });
  return closed;
}

/** Records the decision, once: a retried step finds it there. */
async function decideOnce(record: CaseRecord, decision: string, at: string): Promise<{ status: string }> {
  if (record.status === 'decided' && (record as { decision?: string }).decision === decision) return { status: record.status };
  const { record: next } = await recordChange(
    record.caseId,
    { at, actor: SYSTEM_ACTOR, action: 'case.decided', details: { decision } },
    { status: 'decided', set: { decision, decidedAt: at } },
  );
  return { status: next.status };
}

/** Closes the case, ending its open work and archiving it, once: a retried step finds it closed. */
async function closeOnce(record: CaseRecord, requestedReason: string, at: string): Promise<{ status: string; reason: string }> {
  const input = { caseId: record.caseId, reason: requestedReason };
  // Why the case closes, as CaseClosed announces it: a wait that ran out says so itself.
  const reason = (record as { closingReason?: string }).closingReason ?? input.reason;
  if (record.status === 'closed') return { status: record.status, reason: (record as { closeReason?: string }).closeReason ?? reason };
  // Whatever work is still open on the case ends with it.
  const openTasks = (await tasksOfCase(input.caseId)).filter(awaitsWork);
  // The case's clock stops where it stands (the dashboard reads its final state), and nothing of
  // the case stays in the due index.
  const clock = record.clock ? stopClock(record.clock, new Date(at)) : undefined;
  const { record: next } = await recordChange(
    input.caseId,
    { at, actor: SYSTEM_ACTOR, action: 'case.closed', details: { reason, cancelledTasks: openTasks.map((t) => t.taskId) } },
    {
      status: 'closed',
      set: { closedAt: at, closeReason: reason, claimantWait: null, ...(clock ? { clock } : {}) },
      linkedWrites: [
        ...openTasks.map((t) => taskUpdateWrite({ ...t, status: 'cancelled', version: t.version + 1, updatedAt: at }, t.version)),
        ...openTasks.map((t) => dueEntryDelete(input.caseId, taskSubject(t.taskId))),
        dueEntryDelete(input.caseId, 'case'),
        dueEntryDelete(input.caseId, 'claimant-wait'),
      ],
    },
  );
  // The legal archive takes the closed case's documents; the history records that it did.
  const manifest = await archiveCase(next, at);
  if (manifest) {
    await recordChange(input.caseId, {
      at,
      actor: SYSTEM_ACTOR,
      action: 'case.archived',
      details: { documents: manifest.documents.length, historyHead: manifest.historyHead },
    });
  }
  return { status: next.status, reason };
}
