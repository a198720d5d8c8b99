import * as z from 'zod';
import { authorize } from '../auth/permissions.js';
import { hasRole, type Principal, type Role } from '../auth/principal.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../aws/cursor.js';
import { shardCursorSchema } from '../aws/sharded-query.js';
import { now } from '../clock.js';
import { caseId } from '../http/path-params.js';
import { DEFAULT_AT_RISK_SHARE, stateOf, type SlaState } from '../sla/sla-clock.js';
import { toPublicTask, type PublicTask, type TaskRecord } from './task-record.js';
import { assigneeIndexPk } from './task-keys.js';
import { casesByIds, tasksAssignedTo, tasksInQueue, tasksOfCase } from './task-repository.js';

export const inBasketQuery = z.strictObject({
  view: z.enum(['mine', 'queue']).default('mine'),
  assignee: z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'must be a username').optional(),
  caseId: caseId.optional(),
  /** With view=queue: which role's queue (default: the caller's first staff role). */
  queue: z.enum(['agent', 'expert', 'supervisor']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
export type InBasketQuery = z.output<typeof inBasketQuery>;

export type { SlaState };

export interface InBasketItem extends PublicTask {
  readonly sla: SlaState;
  readonly case: { readonly type: string; readonly claimantName: string; readonly status: string; readonly ageDays: number } | null;
}

const assignedCursor = z.strictObject({ pk: z.string().max(300), sk: z.string().max(300), gsi1pk: z.string().max(300), gsi1sk: z.string().max(300) });

/**
 * A task's service-level state: from its business-time clock (shared/sla/), or, for an ad-hoc
 * task whose due date a person chose, on calendar time with the same thresholds.
 */
export function slaStateOf(task: Pick<TaskRecord, 'createdAt' | 'dueAt' | 'clock'>, at: Date = now()): SlaState {
  if (task.clock) return stateOf(task.clock, at);
  const start = Date.parse(task.createdAt);
  const due = Date.parse(task.dueAt);
  const t = at.getTime();
  if (t >= due) return 'breached';
  return (t - start) / Math.max(1, due - start) >= DEFAULT_AT_RISK_SHARE ? 'at-risk' : 'on-track';
}

export async function listInBasket(principal: Principal, query: InBasketQuery): Promise<{ items: InBasketItem[]; cursor?: string }> {
  authorize(principal, 'task:list');
  let tasks: TaskRecord[];
  let cursor: string | undefined;
  if (query.caseId) {
    tasks = (await tasksOfCase(query.caseId)).filter((t) => t.status !== 'completed' && t.status !== 'cancelled');
  } else if (query.assignee && query.assignee !== principal.username) {
    authorize(principal, 'task:list-colleague');
    ({ tasks, cursor } = await assigned(query.assignee, query));
  } else if (query.view === 'queue') {
    const queue = query.queue ?? principal.roles.find((r) => r !== 'claimant' && r !== 'ops');
    if (!queue) return { items: [] };
    if (!hasRole(principal, queue as Role, 'supervisor')) authorize(principal, 'task:list-colleague');
    const page = await tasksInQueue(queue, query.limit, decodeCursor(query.cursor, shardCursorSchema));
    tasks = page.tasks;
    cursor = page.cursor ? encodeCursor(page.cursor) : undefined;
  } else {
    ({ tasks, cursor } = await assigned(principal.username, query));
  }
  const cases = await casesByIds(tasks.map((t) => t.caseId));
  const at = now();
  const items = tasks.map((task) => {
    const record = cases.get(task.caseId);
    return {
      ...toPublicTask(task, at),
      sla: slaStateOf(task, at),
      case: record
        ? {
            type: record.type,
            claimantName: record.summary.claimantName,
            status: record.status,
            ageDays: Math.floor((at.getTime() - Date.parse(record.createdAt)) / 86_400_000),
          }
        : null,
    };
  });
  return { items, ...(cursor ? { cursor } : {}) };
}

async function assigned(username: string, query: InBasketQuery) {
  const start = decodeCursor(query.cursor, assignedCursor);
  if (start && start.gsi1pk !== assigneeIndexPk(username)) throw invalidCursor();
  const page = await tasksAssignedTo(username, query.limit, start);
  return { tasks: page.tasks, cursor: page.lastKey ? encodeCursor(page.lastKey) : undefined };
}
