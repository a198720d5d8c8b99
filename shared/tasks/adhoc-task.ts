import { ulid } from 'ulid';
import * as z from 'zod';
import { authorizeCase } from '../auth/permissions.js';
import { rolesOf } from '../auth/directory.js';
import type { Principal } from '../auth/principal.js';
import { now } from '../clock.js';
import { actorOf } from '../cases/declare-case.js';
import { getCase, recordChange } from '../cases/case-repository.js';
import { badRequest, conflict } from '../errors.js';
import { publishDomainEvent } from '../events/publish.js';
import { toPublicTask, type PublicTask, type TaskRecord } from './task-record.js';
import { newTaskWrite } from './task-repository.js';

/** When no due date is given: five calendar days, as a reminder rather than a service level. */
const ADHOC_TASK_DAYS = 5;

export const adhocTaskBody = z.strictObject({
  title: z.string().trim().min(3).max(200),
  queue: z.enum(['agent', 'expert', 'supervisor']).default('agent'),
  assignee: z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'must be a username').optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  priority: z.enum(['normal', 'high']).default('normal'),
});

/**
 * Work added by a person outside the case type's model ("call the employer"). It has no task
 * token, so completing it records the fact and leaves the running execution undisturbed.
 */
export async function addAdhocTask(principal: Principal, caseId: string, body: z.output<typeof adhocTaskBody>): Promise<PublicTask> {
  const record = authorizeCase(principal, 'task:add', await getCase(caseId));
  if (record.status === 'closed') throw conflict('A closed case takes no new tasks');
  if (body.assignee && !(await rolesOf(body.assignee))?.includes(body.queue)) {
    throw badRequest('Invalid body: assignee', [{ field: 'assignee', message: `must be a member of the ${body.queue} queue` }]);
  }
  const at = now();
  const dueAt = body.dueAt ? new Date(body.dueAt).toISOString() : new Date(at.getTime() + ADHOC_TASK_DAYS * 86_400_000).toISOString();
  if (Date.parse(dueAt) <= at.getTime()) throw badRequest('Invalid body: dueAt', [{ field: 'dueAt', message: 'must be in the future' }]);
  const task: TaskRecord = {
    taskId: `T${ulid(at.getTime()).slice(0, 25)}`,
    caseId,
    caseType: record.type,
    kind: 'adhoc',
    title: { en: body.title, fr: body.title },
    status: body.assignee ? 'assigned' : 'open',
    queue: body.queue,
    ...(body.assignee ? { assignee: body.assignee } : {}),
    dueAt,
    outcomes: ['done'],
    priority: body.priority,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: 1,
    adhoc: true,
  };
  await recordChange(
    caseId,
    { at: task.createdAt, actor: actorOf(principal), action: 'task.added', details: { taskId: task.taskId, queue: task.queue, assignee: task.assignee ?? null } },
    { linkedWrites: [newTaskWrite(task)] },
  );
  await publishDomainEvent('TaskCreated', { caseId, taskId: task.taskId, kind: task.kind, queue: task.queue, dueAt: task.dueAt });
  return toPublicTask(task);
}
