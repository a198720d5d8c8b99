import { createHash } from 'node:crypto';
import { LISTING_SHARDS } from '../aws/table-schema.js';

// Tasks live in their own items so that a task id alone finds them; the overloaded indexes give
// the in-baskets: gsi1 = one person's open tasks, gsi2 = a role's unassigned queue (sharded),
// gsi3 = all tasks of a case. In-basket sort keys start with the due date: soonest first.
export const taskPk = (taskId: string) => `TASK#${taskId}`;
export const TASK_SK = 'TASK';
export const assigneeIndexPk = (username: string) => `ASSIGNEE#${username}`;
export const queueIndexPk = (queue: string, shard: number) => `QUEUE#${queue}#${shard}`;
export const caseTasksIndexPk = (caseId: string) => `CASETASKS#${caseId}`;
export const dueSk = (dueAt: string, taskId: string) => `${dueAt}#${taskId}`;

export function taskShard(taskId: string): number {
  return createHash('sha256').update(taskId).digest()[0]! % LISTING_SHARDS;
}

/**
 * A workflow task's id is derived from its token: Step Functions may invoke the task-creating
 * Lambda more than once for the same state entry, and each retry must find the same task.
 */
export function taskIdFromToken(token: string): string {
  return 'T' + createHash('sha256').update(token).digest('hex').slice(0, 25).toUpperCase();
}
