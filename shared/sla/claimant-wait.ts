import { SYSTEM_ACTOR, type CaseRecord, type ClaimantWait } from '../cases/case-record.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { checklistOf } from '../documents/checklist.js';
import { documentsOfCase } from '../documents/document-repository.js';
import { now } from '../clock.js';
import { awaitsWork, type TaskRecord } from '../tasks/task-record.js';
import { tasksOfCase, taskUpdateWrite } from '../tasks/task-repository.js';
import { addBusinessMs, businessCalendar, businessDurationMs } from './business-calendar.js';
import { caseDueWrite } from './case-clock.js';
import { dueEntryDelete, dueEntryPut } from './due-index.js';
import { claimantWaitPolicyOf, serviceLevelsOf, taskKindOf } from './service-levels.js';
import { pauseClock, resumeClock } from './sla-clock.js';
import { taskDueWrite, withClock } from './task-clock.js';

export const WAITING_ON_CLAIMANT = 'waiting-on-claimant';

/**
 * Whether the case waits on the claimant: a task of a kind that waits on them is open and a
 * required document is still missing (or was refused). Called whenever that may have changed (a
 * task created or completed, a document arrived or reviewed). Entering the wait pauses the case's
 * clock and the task's, and sets the reminders; leaving it (the claimant answered) resumes them.
 */
export async function syncClaimantWait(caseId: string): Promise<'paused' | 'resumed' | 'unchanged'> {
  // A write refused because someone changed the task or the wait meanwhile: look again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await syncOnce(caseId);
    } catch (error) {
      if (!(error instanceof LinkedWriteRefused) || attempt >= 4) throw error;
    }
  }
}

async function syncOnce(caseId: string): Promise<'paused' | 'resumed' | 'unchanged'> {
  const record = await getCase(caseId);
  if (!record || record.status === 'closed') return 'unchanged';
  const tasks = await tasksOfCase(caseId);
  const waitingTask = tasks.find((t) => awaitsWork(t) && taskKindOf(t.caseType, t.kind)?.waitsOnClaimant);
  const missing = waitingTask ? await missingDocuments(record) : [];
  const waiting = Boolean(waitingTask) && missing.length > 0;
  if (waiting && !record.claimantWait) {
    await startWait(record, waitingTask!, missing);
    return 'paused';
  }
  if (!waiting && record.claimantWait) {
    await endWait(record, tasks.find((t) => t.taskId === record.claimantWait!.taskId));
    return 'resumed';
  }
  return 'unchanged';
}

export async function missingDocuments(record: CaseRecord): Promise<string[]> {
  const checklist = checklistOf(record, await documentsOfCase(record.caseId));
  return checklist.filter((line) => line.required && (line.state === 'missing' || line.state === 'rejected')).map((line) => line.category);
}

/** What opening a wait changes: the case (clock paused, wait recorded), its timer, the task's clock. */
export async function openWait(record: CaseRecord, task: TaskRecord, missing: readonly string[], at: Date) {
  const policy = await claimantWaitPolicyOf(record, at);
  const wait: ClaimantWait = {
    since: at.toISOString(),
    cycle: ((record as { claimantWaits?: number }).claimantWaits ?? 0) + 1,
    taskId: task.taskId,
    remindersSent: 0,
    missing,
  };
  const caseClock = record.clock ? pauseClock(record.clock, at, WAITING_ON_CLAIMANT) : undefined;
  const pausedTask = task.clock ? withClock(task, pauseClock(task.clock, at, WAITING_ON_CLAIMANT)) : task;
  const firstReminderAt = reminderInstant(record, wait.since, policy.reminders[0] ?? policy.finalAfter);
  return {
    task: pausedTask,
    details: { reason: WAITING_ON_CLAIMANT, taskId: task.taskId, missing, firstReminderAt },
    set: { claimantWait: wait, claimantWaits: wait.cycle, ...(caseClock ? { clock: caseClock } : {}) },
    linkedWrites: [
      // Only one writer may open the wait: its timer entry must not exist yet.
      dueEntryPut({ caseId: record.caseId, subject: 'claimant-wait', dueAt: firstReminderAt }, 'absent'),
      caseDueWrite(record.caseId, caseClock),
      taskDueWrite(pausedTask),
    ],
  };
}

async function startWait(record: CaseRecord, task: TaskRecord, missing: string[]): Promise<void> {
  const at = now();
  const opened = await openWait(record, task, missing, at);
  await recordChange(
    record.caseId,
    { at: at.toISOString(), actor: SYSTEM_ACTOR, action: 'sla.paused', details: opened.details },
    {
      set: opened.set,
      linkedWrites: [...opened.linkedWrites, taskUpdateWrite({ ...opened.task, version: task.version + 1, updatedAt: at.toISOString() }, task.version)],
    },
  );
}

async function endWait(record: CaseRecord, task: TaskRecord | undefined): Promise<void> {
  const at = now();
  const wait = record.claimantWait!;
  const caseClock = record.clock ? resumeClock(record.clock, at) : undefined;
  const resumedTask = task?.clock && awaitsWork(task) ? withClock(task, resumeClock(task.clock, at)) : undefined;
  const kind = task ? taskKindOf(task.caseType, task.kind) : undefined;
  await recordChange(
    record.caseId,
    { at: at.toISOString(), actor: SYSTEM_ACTOR, action: 'sla.resumed', details: { reason: 'claimant-answered', taskId: wait.taskId, remindersSent: wait.remindersSent } },
    {
      // A case suspended for want of documents is back in collection once they are in.
      ...(wait.suspended && kind ? { status: kind.caseStatus } : {}),
      set: { claimantWait: null, ...(caseClock ? { clock: caseClock } : {}) },
      linkedWrites: [
        dueEntryDelete(record.caseId, 'claimant-wait', 'present'),
        caseDueWrite(record.caseId, caseClock),
        ...(resumedTask ? [taskUpdateWrite({ ...resumedTask, version: task!.version + 1, updatedAt: at.toISOString() }, task!.version), taskDueWrite(resumedTask)] : []),
      ],
    },
  );
}

/** The instant a step of the wait falls due: business time from the start of the wait. */
export function reminderInstant(record: Pick<CaseRecord, 'type'>, since: string, offset: string): string {
  const calendar = businessCalendar(serviceLevelsOf(record.type).calendar);
  return addBusinessMs(calendar, new Date(since), businessDurationMs(offset)).toISOString();
}
