import { findCaseType } from '../case-types/index.js';
import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { publishDomainEvent } from '../events/publish.js';
import { decideLater, decisionWrite } from '../rules/case-decisions.js';
import { businessDurationMs } from '../sla/business-calendar.js';
import { serviceLevelsOf } from '../sla/service-levels.js';
import { startClock } from '../sla/sla-clock.js';
import { taskDueWrite, withClock } from '../sla/task-clock.js';
import { missingDocuments, openWait } from '../sla/claimant-wait.js';
import type { TaskRecord } from './task-record.js';
import { taskIdFromToken } from './task-keys.js';
import { getTask, newTaskWrite } from './task-repository.js';
import { parkAtFor, saveWaitInput } from '../workflows/long-waits.js';

export interface CreateWorkflowTaskInput {
  readonly caseId: string;
  readonly kind: string;
  readonly taskToken: string;
  readonly executionArn?: string;
  readonly stateName?: string;
  /** ISO 8601 duration set by a decision table; the kind's default otherwise. */
  readonly dueIn?: string;
  /** The waiting state's input (`$`): what the next execution carries on with if the wait outlives its execution. */
  readonly stateInput?: Record<string, unknown>;
}

/**
 * Called by a `lambda:invoke.waitForTaskToken` state: puts the task in its queue, holding the
 * token that completing it will hand back to the execution, and moves the case to the kind's
 * status, in one transaction with the history entry. Retried invocations find the same task.
 */
export async function createWorkflowTask(input: CreateWorkflowTaskInput): Promise<{ taskId: string }> {
  const record = await getCase(input.caseId);
  if (!record) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  const kind = findCaseType(record.type)?.taskKinds.find((k) => k.kind === input.kind);
  if (!kind) throw Object.assign(new Error(`no task kind ${input.kind} for ${record.type}`), { name: 'UnknownTaskKind' });

  // A withdrawal or cancellation that arrived while no task was waiting: end the wait at once.
  const stop = (record as { stopRequested?: 'withdrawn' | 'cancelled' }).stopRequested;
  if (stop) throw Object.assign(new Error(`case ${stop}`), { name: stop === 'withdrawn' ? 'CaseWithdrawn' : 'CaseCancelled' });

  const taskId = taskIdFromToken(input.taskToken);
  if (await getTask(taskId)) return { taskId };

  const at = now();
  // Saved before the task exists, so that a wait that ends its execution can always be carried on.
  const parkAt = input.stateInput && input.stateName ? parkAtFor(at) : undefined;
  if (parkAt) await saveWaitInput(taskId, input.stateInput!);
  // The kind's deadline table, with the version the case pinned, sets the time to complete.
  const deadline = kind.deadlineDecision ? await decideLater(record, kind.deadlineDecision, at) : undefined;
  const decided = typeof deadline?.value === 'string' ? deadline.value : undefined;
  // The time to complete is a target in business days on the case type's calendar.
  const target = [decided, input.dueIn].find((d) => d !== undefined && isBusinessDuration(d)) ?? kind.dueIn;
  const levels = serviceLevelsOf(record.type);
  const clock = startClock({ calendar: levels.calendar, target, atRiskShare: levels.atRiskShare, at });
  const routing = kind.routed ? (record as { routing?: { queue?: string; priority?: string } }).routing : undefined;
  const queue = routing?.queue ?? kind.queue;
  const task: TaskRecord = withClock({
    taskId,
    caseId: record.caseId,
    caseType: record.type,
    kind: kind.kind,
    title: kind.title,
    status: 'open',
    queue,
    dueAt: at.toISOString(),
    outcomes: kind.outcomes,
    priority: routing?.priority === 'high' ? 'high' : 'normal',
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: 1,
    adhoc: false,
    taskToken: input.taskToken,
    ...(input.executionArn ? { executionArn: input.executionArn } : {}),
    ...(input.stateName ? { stateName: input.stateName } : {}),
    ...(parkAt ? { parkAt } : {}),
  }, clock);
  // A task that waits on the claimant, created while documents are missing, opens the wait in the
  // same write: its clock and the case's are paused from the start (no later update to race with).
  const missing = kind.waitsOnClaimant && !record.claimantWait ? await missingDocuments(record) : [];
  const wait = missing.length ? await openWait(record, task, missing, at) : undefined;
  const created = wait?.task ?? task;
  try {
    await recordChange(
      record.caseId,
      {
        at: task.createdAt,
        actor: SYSTEM_ACTOR,
        action: 'task.created',
        details: {
          taskId,
          kind: kind.kind,
          queue,
          dueAt: created.dueAt,
          ...(deadline ? { decisions: [{ decisionId: deadline.decisionId, version: deadline.version, matchedRules: deadline.matchedRules }] } : {}),
          ...(wait ? { clocksPaused: wait.details } : {}),
        },
      },
      {
        status: kind.caseStatus,
        ...(wait ? { set: wait.set } : {}),
        linkedWrites: [newTaskWrite(created), ...(wait ? wait.linkedWrites : [taskDueWrite(created)]), ...(deadline ? [decisionWrite(record, deadline)] : [])],
      },
    );
  } catch (error) {
    // A concurrent retry of this very invocation wrote the task first.
    if (error instanceof LinkedWriteRefused) return { taskId };
    throw error;
  }
  await publishDomainEvent('TaskCreated', { caseId: task.caseId, taskId, kind: task.kind, queue: task.queue, dueAt: created.dueAt });
  return { taskId };
}

function isBusinessDuration(iso: string): boolean {
  try {
    return businessDurationMs(iso) > 0;
  } catch {
    return false;
  }
}
