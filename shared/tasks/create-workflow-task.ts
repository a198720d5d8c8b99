import { findCaseType } from '../case-types/index.js';
import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { ConcurrentChange, getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { announce } from '../events/announce.js';
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
import { prepareRegistration } from '../workflows/register-case.js';
import { placeTask } from '../staff/place-task.js';

export interface CreateWorkflowTaskInput {
  readonly caseId: string;
  readonly kind: string;
  readonly taskToken: string;
  readonly executionArn?: string;
  readonly stateName?: string;
  /** ISO 8601 duration set by a decision table; the kind's default otherwise. */
  readonly dueIn?: string;
  /** Why the task exists, for whoever takes it (the reason a coverage check is needed). */
  readonly note?: string;
  /** The waiting state's input (`$`): what the next execution carries on with if the wait outlives its execution. */
  readonly stateInput?: Record<string, unknown>;
  /** The lifecycle's first task: registers a case still `received` in the same change (see below). */
  readonly register?: boolean;
}

/**
 * Called by a `lambda:invoke.waitForTaskToken` state: puts the task in its queue, holding the
 * token that completing it will hand back to the execution, and moves the case to the kind's
 * status, in one transaction with the history entry. Retried invocations find the same task.
 *
 * The lifecycle's first task registers the case too (`register`): the registration's entry,
 * decisions, due entry and clock go in the same transaction as the task, so the case item and its
 * index copies are written once for both, and a case is never registered without its first task.
 * Either way the case is announced (CaseCreated) before its task: a retried invocation after a
 * refused event announces it still.
 */
export async function createWorkflowTask(input: CreateWorkflowTaskInput, attempts = 3): Promise<{ taskId: string }> {
  const stored = await getCase(input.caseId);
  if (!stored) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  const registration = input.register ? await prepareRegistration(stored, input.executionArn) : undefined;
  const record = registration?.registered ?? stored;
  const announceCase = () => (input.register ? announce('CaseCreated', { caseId: record.caseId, caseType: record.type }) : Promise.resolve());
  const kind = findCaseType(record.type)?.taskKinds.find((k) => k.kind === input.kind);
  if (!kind) throw Object.assign(new Error(`no task kind ${input.kind} for ${record.type}`), { name: 'UnknownTaskKind' });

  // A withdrawal or cancellation that arrived while no task was waiting: end the wait at once.
  const stop = (record as { stopRequested?: 'withdrawn' | 'cancelled' }).stopRequested;
  if (stop) {
    // Registered all the same, as the closing step expects of a case its lifecycle took.
    if (registration) await recordChange(record.caseId, registration.facts, registration.change).catch((error: unknown) => {
      if (!(error instanceof ConcurrentChange)) throw error;
    });
    await announceCase();
    throw Object.assign(new Error(`case ${stop}`), { name: stop === 'withdrawn' ? 'CaseWithdrawn' : 'CaseCancelled' });
  }

  const taskId = taskIdFromToken(input.taskToken);
  if (await getTask(taskId)) {
    await announceCase();
    return { taskId };
  }

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
  const unplaced: TaskRecord = withClock({
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
    // Not the execution's ARN (some 110 bytes, nothing reads it): the task item is rewritten with
    // its index copies at each claim and completion, and under 1 KB each copy costs one unit.
    ...(input.stateName ? { stateName: input.stateName } : {}),
    ...(parkAt ? { parkAt } : {}),
    ...(input.note ? { note: input.note } : {}),
  }, clock);
  // The assignment policy: who may take it, and whether it is given to the least loaded of them.
  const placed = await placeTask(record, unplaced, at);
  const task = placed.task;
  // A task that waits on the claimant, created while documents are missing, opens the wait in the
  // same write: its clock and the case's are paused from the start (no later update to race with).
  const missing = kind.waitsOnClaimant && !record.claimantWait ? await missingDocuments(record) : [];
  const wait = missing.length ? await openWait(record, task, missing, at) : undefined;
  const created = wait?.task ?? task;
  try {
    await recordChange(
      record.caseId,
      [...(registration ? [registration.facts] : []), {
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
          ...placed.details,
        },
      }],
      {
        status: kind.caseStatus,
        ...(registration ? { expectedVersion: registration.change.expectedVersion } : {}),
        ...(registration || wait ? { set: { ...registration?.change.set, ...wait?.set } } : {}),
        linkedWrites: [
          newTaskWrite(created),
          ...(wait ? wait.linkedWrites : [taskDueWrite(created)]),
          ...(deadline ? [decisionWrite(record, deadline)] : []),
          ...(registration?.change.linkedWrites ?? []),
        ],
      },
    );
  } catch (error) {
    // A concurrent retry of this very invocation wrote the task (and the registration) first.
    if (error instanceof LinkedWriteRefused) {
      await announceCase();
      return { taskId };
    }
    // The case changed between the read and the registration's write (a duplicate delivery
    // registered it, a withdrawal arrived): read it again and start over.
    if (registration && error instanceof ConcurrentChange && attempts > 1) return createWorkflowTask(input, attempts - 1);
    throw error;
  }
  await announceCase();
  await publishDomainEvent('TaskCreated', { caseId: task.caseId, taskId, kind: task.kind, queue: task.queue, dueAt: created.dueAt });
  await placed.announce();
  return { taskId };
}

function isBusinessDuration(iso: string): boolean {
  try {
    return businessDurationMs(iso) > 0;
  } catch {
    return false;
  }
}
