import * as z from 'zod';
import { authorizeCase } from '../auth/permissions.js';
import { isStaff, type Principal } from '../auth/principal.js';
import { recentReads, type AccessRecord } from '../history/access-log.js';
import { forClaimant } from './case-view.js';
import { findCaseType } from '../case-types/index.js';
import { now } from '../clock.js';
import { conflict } from '../errors.js';
import { verifyChain, type ChainCheck, type HistoryEntry } from '../history/chain.js';
import { pinnedVersions, retakeDecisions } from '../rules/case-decisions.js';
import { validationError } from '../http/validation.js';
import { logger } from '../observability/logger.js';
import { tasksOfCase } from '../tasks/task-repository.js';
import { endWait, RESUME_CHECK_MS } from '../workflows/long-waits.js';
import { dueEntryPut } from '../sla/due-index.js';
import { taskSubject } from '../sla/task-clock.js';
import { awaitsWork } from '../tasks/task-record.js';
import { startLifecycle } from '../workflows/lifecycle.js';
import type { CaseRecord } from './case-record.js';
import { ConcurrentChange, fullHistory, getCase, getCaseWithPendingHistory, recordChange, withPendingHistory } from './case-repository.js';
import { actorOf } from './declare-case.js';

const TERMINAL = new Set(['closed']);

export const stopCaseBody = z.strictObject({ reason: z.string().trim().min(3).max(2000) });
export const patchCaseBody = z.strictObject({ data: z.record(z.string(), z.unknown()), version: z.int().min(1).optional() });

/**
 * Withdrawal (by the claimant) and cancellation (by a supervisor) end a running lifecycle. The
 * case is flagged first, so that a task created a moment later refuses to wait; then the task
 * the execution waits on, if any, is failed with CaseWithdrawn / CaseCancelled, which the state
 * machine catches to close the case.
 */
export async function stopCase(
  principal: Principal,
  caseId: string,
  how: 'withdrawn' | 'cancelled',
  reason: string,
): Promise<CaseRecord> {
  const action = how === 'withdrawn' ? 'case:withdraw' : 'case:cancel';
  const record = authorizeCase(principal, action, await getCase(caseId));
  if (TERMINAL.has(record.status)) throw conflict('The case is already closed');
  if ((record as { stopRequested?: string }).stopRequested) throw conflict(`The case is already being ${how}`);
  const waiting = (await tasksOfCase(caseId)).filter((t) => t.taskToken && awaitsWork(t));
  const at = now();
  // A parked wait's due entry is brought forward with the flag: should we die before starting the
  // next execution below, the deadline checker finds the stopped case and starts it (long-waits.ts).
  const sweeps = waiting.filter((t) => t.parkedAt).map((t) => dueEntryPut({ caseId, subject: taskSubject(t.taskId), dueAt: new Date(at.getTime() + RESUME_CHECK_MS).toISOString() }));
  const { record: flagged } = await recordChange(
    caseId,
    { at: at.toISOString(), actor: actorOf(principal, how === 'withdrawn' ? 'claimant' : 'supervisor'), action: `case.${how === 'withdrawn' ? 'withdrawal' : 'cancellation'}-requested`, details: { reason } },
    { set: { stopRequested: how }, linkedWrites: sweeps },
  );
  const stop = { error: how === 'withdrawn' ? 'CaseWithdrawn' : 'CaseCancelled', cause: 'requested through the API' };
  for (const task of waiting) {
    try {
      await endWait(task, stop);
    } catch (error) {
      // The execution had already moved past this task; the flag stops the next one.
      logger.info('waiting task no longer awaited', { taskId: task.taskId, errorName: (error as Error).name });
    }
  }
  return flagged;
}

/** Re-opens a closed case: a new execution of its lifecycle, straight back to qualification. */
export async function reopenCase(principal: Principal, caseId: string, reason: string): Promise<CaseRecord> {
  const record = authorizeCase(principal, 'case:reopen', await getCase(caseId));
  if (record.status !== 'closed') throw conflict('Only a closed case can be re-opened');
  const reopenCount = ((record as { reopenCount?: number }).reopenCount ?? 0) + 1;
  const { record: reopened } = await recordChange(
    caseId,
    { at: now().toISOString(), actor: actorOf(principal, 'supervisor'), action: 'case.reopened', details: { reason, reopenCount } },
    { status: 'reopened', expectedVersion: record.version, set: { reopenCount, stopRequested: null, decision: null } },
  ).catch((error: unknown) => {
    if (error instanceof ConcurrentChange) throw conflict('The case changed meanwhile; reload it and try again');
    throw error;
  });
  await startLifecycle(reopened, { executionName: `${caseId}-r${reopenCount}`, reopen: true });
  return reopened;
}

/**
 * Changes the case's data. With a version (If-Match), the change applies only to that version
 * (409 otherwise: someone else edited it). Without one, the change is merged into whatever the
 * case holds now, retried if the lifecycle moved the case on meanwhile.
 */
export async function patchCaseData(
  principal: Principal,
  caseId: string,
  changes: Record<string, unknown>,
  expectedVersion: number | undefined,
): Promise<CaseRecord> {
  for (let attempt = 1; ; attempt++) {
    const record = authorizeCase(principal, 'case:edit', await getCase(caseId));
    if (TERMINAL.has(record.status)) throw conflict('A closed case cannot be edited; re-open it first');
    if (expectedVersion !== undefined && expectedVersion !== record.version) {
      throw conflict(`The case is at version ${record.version}, not ${expectedVersion}; reload it`);
    }
    const caseType = findCaseType(record.type)!;
    const parsed = caseType.dataSchema.safeParse({ ...record.data, ...changes });
    if (!parsed.success) throw validationError(parsed.error, 'body', 'data');
    const data = parsed.data as Record<string, unknown>;
    const changedFields = Object.keys(changes).filter((k) => JSON.stringify(record.data[k]) !== JSON.stringify(data[k]));
    const at = now();
    // New data may change what the intake decisions say; they are taken again with the pinned versions.
    const decisions = await retakeDecisions({ ...record, data }, pinnedVersions(record), at);
    try {
      const { record: next } = await recordChange(
        caseId,
        // The history says which fields changed, not their values: the values are personal data.
        { at: at.toISOString(), actor: actorOf(principal, 'agent'), action: 'case.data-changed', details: { fields: changedFields, decisions: decisions.summary } },
        {
          expectedVersion: record.version,
          bumpVersion: true,
          set: { data, summary: caseType.summarise(data), ...decisions.set },
          linkedWrites: decisions.writes,
        },
      );
      return next;
    } catch (error) {
      if (!(error instanceof ConcurrentChange)) throw error;
      if (expectedVersion !== undefined || attempt >= 3) throw conflict('The case changed meanwhile; reload it and try again');
    }
  }
}

export interface VerifiedHistory extends ChainCheck {
  readonly entries: readonly HistoryEntry[];
  /** Who among staff viewed the case (staff only). */
  readonly reads?: readonly AccessRecord[];
}

/**
 * The whole history with the chain checked against the head kept on the case. Staff also see
 * who viewed the case; the claimant sees their case's history without staff identities.
 */
export async function caseHistory(principal: Principal, caseId: string): Promise<VerifiedHistory> {
  const record = authorizeCase(principal, 'case:read', await getCase(caseId));
  const history = await checkHistory(record);
  if (!isStaff(principal)) return { ...history, entries: history.entries.map(forClaimant) };
  return { ...history, reads: await recentReads(caseId) };
}

/** For the verify-history command: the same check, for an operator with table access. */
export async function checkHistory(record: CaseRecord): Promise<VerifiedHistory> {
  // Entries first, then the case: an append writes its entry and the case's head in one
  // transaction, so a case read after the entries covers every genuine one. Entries beyond that
  // head are not genuine (the chain's tail was forged) and fail the check; a head beyond the
  // entries read means appends came in between: read the entries again.
  // The declaration's entry may still be carried in the case item (until the case's first change).
  let stored = await fullHistory(record.caseId);
  for (let attempt = 1; ; attempt++) {
    const found = await getCaseWithPendingHistory(record.caseId);
    const current = found?.record ?? record;
    const entries = withPendingHistory(stored, found?.pending ?? [], 'oldest-first');
    if (current.historySeq <= entries.length || attempt >= 5) return { ...verifyChain(entries, current.historyHead), entries };
    stored = await fullHistory(record.caseId);
  }
}
