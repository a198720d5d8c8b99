import type { LinkedWrite } from '../cases/case-repository.js';
import type { TaskRecord } from '../tasks/task-record.js';
import { longWaitMoment } from '../workflows/long-waits.js';
import { dueEntryWrite, type DueGuard, type DueSubject } from './due-index.js';
import { nextCheckAt, projectedInstants, type SlaClock } from './sla-clock.js';

export const taskSubject = (taskId: string): DueSubject => `task#${taskId}`;

/**
 * The task with its clock, and the due date and at-risk date the in-baskets sort and badge by.
 * A paused clock keeps the dates it last projected: they move when it runs again.
 */
export function withClock(task: TaskRecord, clock: SlaClock): TaskRecord {
  const { atRiskAt, dueAt } = projectedInstants(clock);
  return { ...task, clock, dueAt: dueAt ?? task.dueAt, ...(atRiskAt ? { atRiskAt } : {}) };
}

/**
 * The next moment the deadline checker must look at the task: its clock's next threshold, and for
 * a workflow wait, when it ends its execution (parkAt), when a parked wait times out, or when a
 * parked task's recorded outcome is checked to have started the next execution
 * (shared/workflows/long-waits.ts). One entry for all, so a long wait costs no extra item.
 */
export function taskDueMoment(task: TaskRecord): string | undefined {
  const moments = [task.clock ? nextCheckAt(task.clock) : undefined, longWaitMoment(task)?.at];
  return moments.filter((m): m is string => m !== undefined).sort()[0];
}

/** Where the task stands in the due index (moved, or removed while nothing is to come). */
export function taskDueWrite(task: TaskRecord, guard?: DueGuard): LinkedWrite {
  return dueEntryWrite(task.caseId, taskSubject(task.taskId), taskDueMoment(task), guard);
}
