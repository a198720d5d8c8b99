import type { LinkedWrite } from '../cases/case-repository.js';
import type { TaskRecord } from '../tasks/task-record.js';
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

/** Where the task's clock stands in the due index (moved, or removed while paused or done). */
export function taskDueWrite(task: TaskRecord, guard?: DueGuard): LinkedWrite {
  return dueEntryWrite(task.caseId, taskSubject(task.taskId), task.clock ? nextCheckAt(task.clock) : undefined, guard);
}
