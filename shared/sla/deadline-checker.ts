import { DeleteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients.js';
import { SYSTEM_ACTOR, type CaseRecord } from '../cases/case-record.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { now } from '../clock.js';
import { publishDomainEventOrFail } from '../events/publish.js';
import { logger } from '../observability/logger.js';
import { completeTaskAsSystem, retryHandOver } from '../tasks/task-actions.js';
import { endWaitingExecution, longWaitMoment, type LongWaitStep, resumeAfterWait, WAIT_TIMED_OUT, waitTimeoutAt } from '../workflows/long-waits.js';
import { awaitsWork, type TaskRecord } from '../tasks/task-record.js';
import { getTask, taskUpdateWrite } from '../tasks/task-repository.js';
import { caseDueWrite } from './case-clock.js';
import { reminderInstant, syncClaimantWait } from './claimant-wait.js';
import { dueEntries, dueEntryDelete, dueEntryPut, type DueEntry } from './due-index.js';
import { claimantWaitPolicyOf, taskKindOf } from './service-levels.js';
import { markReached, nextCheckAt, projectedInstants, thresholdsDue, type SlaClock } from './sla-clock.js';
import { taskDueMoment, taskDueWrite, withClock } from './task-clock.js';

// Each run reads what is due from the due index and takes one step per entry: a threshold
// crossed, a reminder sent, a wait's final step. A step's writes are conditioned on the entry's
// due time as read, so two overlapping runs (or a retried one) take each step once. The event a
// step announces is published first, with a dedupKey: if the step then loses its race or fails,
// the event is a duplicate its consumers ignore, and no step is ever taken unannounced.

/** Rounds per run: a step can make the next one due at once (at risk, then breached, on a long jump). */
const MAX_ROUNDS = 10;

export interface CheckResult {
  readonly steps: number;
  readonly failed: number;
}

export async function checkDeadlines(at: Date = now()): Promise<CheckResult> {
  let steps = 0;
  let failed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let progressed = 0;
    for (const entry of await dueEntries(at)) {
      try {
        if (await takeStep(entry, at)) progressed++;
      } catch (error) {
        // One entry failing (a throttled write) must not hold the others back; it stays due.
        failed++;
        logger.error('deadline step failed; it stays due', { caseId: entry.caseId, subject: entry.subject, errorName: (error as Error).name });
      }
    }
    steps += progressed;
    if (progressed === 0) break;
  }
  return { steps, failed };
}

/** Takes the entry's next step; false when another run took it first or nothing was due. */
async function takeStep(entry: DueEntry, at: Date): Promise<boolean> {
  try {
    if (entry.subject === 'case') return await caseClockStep(entry, at);
    if (entry.subject === 'claimant-wait') return await claimantWaitStep(entry, at);
    return await taskClockStep(entry, entry.subject.slice('task#'.length), at);
  } catch (error) {
    if (error instanceof LinkedWriteRefused) return false;
    throw error;
  }
}

const seen = (entry: DueEntry) => ({ seen: entry.dueAt });

/** An entry whose subject has ended (task done, case closed): removed, if still as read. */
async function dropEntry(entry: DueEntry): Promise<boolean> {
  try {
    const { Delete } = dueEntryDelete(entry.caseId, entry.subject, seen(entry)) as { Delete: Record<string, unknown> };
    await dynamo().send(new DeleteCommand(Delete as never));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function taskClockStep(entry: DueEntry, taskId: string, at: Date): Promise<boolean> {
  const task = await getTask(taskId);
  const longWait = task ? longWaitStepDue(task, at) : undefined;
  if (longWait) return longWaitStep(longWait, task!, entry, at);
  if (task?.parkedAt && task.taskToken && awaitsWork(task)) {
    // A parked wait of a case withdrawn or cancelled whose next execution may not have started.
    const stop = (await getCase(task.caseId)) as { stopRequested?: 'withdrawn' | 'cancelled' } | undefined;
    if (stop?.stopRequested) {
      await resumeAfterWait(task, { error: stop.stopRequested === 'withdrawn' ? 'CaseWithdrawn' : 'CaseCancelled', cause: 'requested through the API' });
    }
  }
  if (!task?.clock || !awaitsWork(task)) return dropEntry(entry);
  const [threshold] = thresholdsDue(task.clock, at);
  if (!threshold) return moveEntry(entry, taskDueMoment(task));
  const record = await getCase(task.caseId);
  if (!record) return dropEntry(entry);

  const clock = markReached(task.clock, [threshold], at);
  const kind = taskKindOf(task.caseType, task.kind);
  const returnToQueue = threshold === 'breached' && Boolean(kind?.returnToQueueOnBreach && task.assignee);
  const escalation = { priorityRaised: threshold === 'breached' && task.priority !== 'high', returnedToQueue: returnToQueue };
  const { assignee: _assignee, ...unassigned } = task;
  const base: TaskRecord = returnToQueue ? { ...unassigned, status: 'open' } : task;
  const next = withClock(
    { ...base, ...(threshold === 'breached' ? { priority: 'high' as const } : {}), version: task.version + 1, updatedAt: at.toISOString() },
    clock,
  );
  const detail = {
    caseId: task.caseId,
    caseType: task.caseType,
    clockId: `task#${task.taskId}`,
    subject: 'task',
    taskId: task.taskId,
    taskKind: task.kind,
    ...(task.assignee ? { assignee: task.assignee } : {}),
    queue: task.queue,
    dueAt: next.dueAt,
    dedupKey: `${task.caseId}#task#${task.taskId}#${threshold}#${task.clock.startedAt}`,
  };
  if (threshold === 'at-risk') await publishDomainEventOrFail('DeadlineApproaching', detail);
  else await publishDomainEventOrFail('DeadlineBreached', { ...detail, escalation });
  await recordChange(
    task.caseId,
    {
      at: at.toISOString(),
      actor: SYSTEM_ACTOR,
      action: threshold === 'at-risk' ? 'sla.at-risk' : 'sla.breached',
      details: {
        taskId: task.taskId,
        kind: task.kind,
        assignee: task.assignee ?? null,
        dueAt: next.dueAt,
        ...(threshold === 'at-risk' ? { warned: task.assignee ? 'assignee' : 'nobody (queued)' } : { alerted: 'supervisors', escalation }),
      },
    },
    { linkedWrites: [taskUpdateWrite(next, task.version), taskDueWrite(next, seen(entry))] },
  );
  return true;
}

/** What a workflow wait needs from the checker now, if anything (shared/workflows/long-waits.ts). */
function longWaitStepDue(task: TaskRecord, at: Date): LongWaitStep | undefined {
  const moment = longWaitMoment(task);
  return moment && Date.parse(moment.at) <= at.getTime() ? moment.step : undefined;
}

/**
 * Park: the task notes that its wait outlived its execution, then the execution is ended (its
 * token failed with WaitParked, caught into the machine's Parked state). Marked first, so that
 * whoever ends the wait from now on starts the next execution, and also ends this one should the
 * failure below never have been sent. Time out: what the state's TimeoutSeconds would have done.
 * Resume: an outcome recorded whose next execution may not have started (a crash): started now,
 * idempotently, and the hand-over finished.
 */
async function longWaitStep(step: LongWaitStep, task: TaskRecord, entry: DueEntry, at: Date): Promise<boolean> {
  if (step === 'resume') {
    await retryHandOver(task);
    return true;
  }
  if (step === 'time-out') {
    await resumeAfterWait(task, { error: WAIT_TIMED_OUT, cause: 'the task was not completed in time' });
    const { waitTimeoutAt: _done, ...timedOut } = task;
    return writeTaskAndEntry({ ...timedOut, version: task.version + 1 }, task.version, entry);
  }
  const parked: TaskRecord = { ...task, parkedAt: at.toISOString(), ...optional('waitTimeoutAt', waitTimeoutAt(task)), version: task.version + 1 };
  if (!(await writeTaskAndEntry(parked, task.version, entry))) return false;
  const ended = await endWaitingExecution(task.taskToken!);
  logger.info('long wait parked', { caseId: task.caseId, taskId: task.taskId, executionEnded: ended });
  return true;
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

/** The task and its due entry, both on condition that they are as read; false if either moved. */
async function writeTaskAndEntry(task: TaskRecord, expectedVersion: number, entry: DueEntry): Promise<boolean> {
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: [taskUpdateWrite(task, expectedVersion), taskDueWrite(task, seen(entry))] }));
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

async function caseClockStep(entry: DueEntry, at: Date): Promise<boolean> {
  const record = await getCase(entry.caseId);
  if (!record?.clock || record.status === 'closed' || record.clock.stoppedAt) return dropEntry(entry);
  const [threshold] = thresholdsDue(record.clock, at);
  if (!threshold) return moveEntry(entry, nextCheckAt(record.clock));
  const clock: SlaClock = markReached(record.clock, [threshold], at);
  const detail = {
    caseId: record.caseId,
    caseType: record.type,
    clockId: 'case',
    subject: 'case',
    dueAt: projectedInstants(clock).dueAt ?? entry.dueAt,
    dedupKey: `${record.caseId}#case#${threshold}#${record.clock.startedAt}`,
  };
  if (threshold === 'at-risk') await publishDomainEventOrFail('DeadlineApproaching', detail);
  else await publishDomainEventOrFail('DeadlineBreached', { ...detail, escalation: { priorityRaised: false, returnedToQueue: false } });
  await recordChange(
    record.caseId,
    { at: at.toISOString(), actor: SYSTEM_ACTOR, action: threshold === 'at-risk' ? 'sla.at-risk' : 'sla.breached', details: { clock: 'case', target: clock.target } },
    { set: { clock }, linkedWrites: [caseDueWrite(record.caseId, clock, seen(entry))] },
  );
  return true;
}

async function claimantWaitStep(entry: DueEntry, at: Date): Promise<boolean> {
  const record = await getCase(entry.caseId);
  const wait = record?.claimantWait;
  if (!record || !wait || record.status === 'closed') return dropEntry(entry);
  // The claimant may have answered without the wait being closed yet (a lost race): close it now.
  if ((await syncClaimantWait(record.caseId)) === 'resumed') return true;
  const policy = await claimantWaitPolicyOf(record, at);
  const step = wait.remindersSent;
  if (step < policy.reminders.length) return remind(record, entry, step + 1, policy.reminders[step + 1] ?? policy.finalAfter, at);
  const task = await getTask(wait.taskId);
  if (policy.finalAction === 'close' && task && awaitsWork(task) && task.outcomes.includes('abandon')) return closeForWantOfDocuments(record, entry, task, at);
  return suspend(record, entry, at);
}

async function remind(record: CaseRecord, entry: DueEntry, reminder: number, nextOffset: string, at: Date): Promise<boolean> {
  const wait = record.claimantWait!;
  await publishDomainEventOrFail('DocumentsReminderDue', {
    caseId: record.caseId,
    caseType: record.type,
    reminder,
    missing: wait.missing,
    dedupKey: `${record.caseId}#wait${wait.cycle}#reminder${reminder}`,
  });
  await recordChange(
    record.caseId,
    { at: at.toISOString(), actor: SYSTEM_ACTOR, action: 'claimant.reminded', details: { reminder, missing: wait.missing } },
    {
      set: { claimantWait: { ...wait, remindersSent: reminder } },
      linkedWrites: [dueEntryPut({ caseId: record.caseId, subject: 'claimant-wait', dueAt: reminderInstant(record, wait.since, nextOffset) }, seen(entry))],
    },
  );
  return true;
}

const NO_DOCUMENTS_REASON = 'The required documents were not received after the reminders';

/** The rule's final step `close`: the collection is abandoned; the lifecycle decides and closes. */
async function closeForWantOfDocuments(record: CaseRecord, entry: DueEntry, task: TaskRecord, at: Date): Promise<boolean> {
  const wait = record.claimantWait!;
  await recordChange(
    record.caseId,
    { at: at.toISOString(), actor: SYSTEM_ACTOR, action: 'claimant.wait-expired', details: { outcome: 'close', remindersSent: wait.remindersSent, missing: wait.missing } },
    { set: { closingReason: 'documents-missing' }, linkedWrites: [dueEntryDelete(record.caseId, 'claimant-wait', seen(entry))] },
  );
  // The task completion is once-only by itself (conditioned on the task's version).
  await completeTaskAsSystem(task, 'abandon', { reason: NO_DOCUMENTS_REASON });
  return true;
}

/** The rule's final step `suspend`: the case waits, suspended, until the documents come. */
async function suspend(record: CaseRecord, entry: DueEntry, at: Date): Promise<boolean> {
  const wait = record.claimantWait!;
  await publishDomainEventOrFail('DocumentsReminderDue', {
    caseId: record.caseId,
    caseType: record.type,
    reminder: wait.remindersSent + 1,
    missing: wait.missing,
    outcome: 'suspended',
    dedupKey: `${record.caseId}#wait${wait.cycle}#suspended`,
  });
  await recordChange(
    record.caseId,
    { at: at.toISOString(), actor: SYSTEM_ACTOR, action: 'case.suspended', details: { reason: 'documents-missing', remindersSent: wait.remindersSent, missing: wait.missing } },
    { status: 'suspended', set: { claimantWait: { ...wait, suspended: true } }, linkedWrites: [dueEntryDelete(record.caseId, 'claimant-wait', seen(entry))] },
  );
  return true;
}

/** The clock changed since the entry was written (paused and resumed): look again when it says. */
async function moveEntry(entry: DueEntry, dueAt: string | undefined): Promise<boolean> {
  if (dueAt === entry.dueAt) return false;
  if (!dueAt) return dropEntry(entry);
  const { Put } = dueEntryPut({ caseId: entry.caseId, subject: entry.subject, dueAt }, seen(entry)) as { Put: Record<string, unknown> };
  try {
    await dynamo().send(new PutCommand(Put as never));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
