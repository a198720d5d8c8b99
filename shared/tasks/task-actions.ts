import { isDeepStrictEqual } from 'node:util';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { authorizeTask } from '../auth/permissions.js';
import { rolesOf } from '../auth/directory.js';
import type { Principal } from '../auth/principal.js';
import { findCaseType } from '../case-types/index.js';
import { now } from '../clock.js';
import { actorOf } from '../cases/declare-case.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { badRequest, ClientError, conflict, forbidden } from '../errors.js';
import { candidate, needsOf } from '../staff/assigner.js';
import { whyNotEligible } from '../staff/eligibility.js';
import { validationError } from '../http/validation.js';
import { logger } from '../observability/logger.js';
import { SYSTEM_ACTOR, type Actor } from '../cases/case-record.js';
import { publishDomainEvent } from '../events/publish.js';
import { dynamo } from '../aws/clients.js';
import { toPublicTask, type PublicTask, type TaskRecord } from './task-record.js';
import { getTask, taskUpdateWrite } from './task-repository.js';
import { taskDueWrite } from '../sla/task-clock.js';
import { endWait, GONE_TOKEN_ERRORS } from '../workflows/long-waits.js';
import { completionResolution } from '../workflows/outcome-routes.js';

export const completeTaskBody = z.strictObject({
  outcome: z.string().min(1).max(60),
  data: z.record(z.string(), z.unknown()).optional(),
});
export const reassignBody = z.strictObject({ to: z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'must be a username') });
export const bulkReassignBody = z.strictObject({
  taskIds: z.array(z.string().regex(/^T[0-9A-Z]{25}$/, 'must be a task id')).min(1).max(100),
  to: reassignBody.shape.to,
});

const asActor = (who: Principal | Actor, task: TaskRecord): Actor => ('roles' in who ? actorOf(who, task.queue) : who);

const taskConflict = () => conflict('The task changed meanwhile (someone else claimed, completed or reassigned it)');

/**
 * Applies a change to a task together with its history entry; the task write is conditioned on
 * the version read, so of two people acting at once exactly one wins and the other gets 409.
 */
async function changeTask(
  who: Principal | Actor,
  task: TaskRecord,
  next: Omit<TaskRecord, 'version' | 'updatedAt'>,
  action: string,
  details: Record<string, unknown>,
  caseChanges?: Record<string, unknown>,
): Promise<TaskRecord> {
  const at = now().toISOString();
  const updated: TaskRecord = { ...next, version: task.version + 1, updatedAt: at };
  try {
    await recordChange(
      task.caseId,
      { at, actor: asActor(who, task), action, details: { taskId: task.taskId, kind: task.kind, ...details } },
      {
        // A parked wait's entry in the due index follows the task: a recorded outcome whose next
        // execution is not known to have started is looked at again by the deadline checker.
        linkedWrites: [taskUpdateWrite(updated, task.version), ...(updated.parkedAt ? [taskDueWrite(updated)] : [])],
        ...(caseChanges ? { set: caseChanges } : {}),
      },
    );
  } catch (error) {
    if (!(error instanceof LinkedWriteRefused)) throw error;
    // The deadline checker ending the wait's execution meanwhile is nobody's edit of the task:
    // the change applies over it (and the hand-over then starts the next execution).
    const fresh = await getTask(task.taskId);
    if (fresh && onlyParkedSince(task, fresh)) {
      const { parkedAt, waitTimeoutAt } = fresh;
      return changeTask(who, fresh, { ...next, parkedAt, ...(waitTimeoutAt ? { waitTimeoutAt } : {}) }, action, details, caseChanges);
    }
    throw taskConflict();
  }
  return updated;
}

function onlyParkedSince(read: TaskRecord, fresh: TaskRecord): boolean {
  if (read.parkedAt || !fresh.parkedAt || fresh.version !== read.version + 1) return false;
  const { parkedAt: _p, waitTimeoutAt: _w, version: _v, ...rest } = fresh;
  const { waitTimeoutAt: _rw, version: _rv, ...before } = read;
  return isDeepStrictEqual(rest, before);
}

export async function claimTask(principal: Principal, taskId: string): Promise<PublicTask> {
  const task = authorizeTask(principal, 'task:claim', await getTask(taskId));
  if (task.status !== 'open' || task.assignee) throw taskConflict();
  // The same test the assigner applies: skills, authority, absence, room.
  const reason = whyNotEligible(await candidate(principal.username, principal.roles), needsOf(task), now());
  if (reason) throw forbidden(`You may not take this task: ${reason}`);
  const claimed = await changeTask(principal, task, { ...task, status: 'assigned', assignee: principal.username, assignedAt: now().toISOString() }, 'task.claimed', {});
  await publishDomainEvent('TaskAssigned', { caseId: task.caseId, taskId, kind: task.kind, assignee: principal.username, by: principal.username });
  return toPublicTask(claimed);
}

export async function releaseTask(principal: Principal, taskId: string): Promise<PublicTask> {
  const task = authorizeTask(principal, 'task:release', await getTask(taskId));
  if (task.status !== 'assigned') throw taskConflict();
  const { assignee: _previous, assignedAt: _since, ...rest } = task;
  const released = await changeTask(principal, task, { ...rest, status: 'open' }, 'task.released', { from: task.assignee });
  return toPublicTask(released);
}

export async function reassignTask(principal: Principal, taskId: string, to: string): Promise<PublicTask> {
  const task = authorizeTask(principal, 'task:reassign', await getTask(taskId));
  if (task.status !== 'open' && task.status !== 'assigned') throw taskConflict();
  // Work handed to someone who cannot do it would be lost: the target must hold the task's role.
  const roles = await rolesOf(to);
  if (!roles?.includes(task.queue as never)) {
    throw badRequest('Invalid body: to', [{ field: 'to', message: `must be a member of the ${task.queue} queue` }]);
  }
  if (task.assignee === to) return toPublicTask(task);
  // Rebalancing may not hand work to someone who could not have claimed it.
  const reason = whyNotEligible(await candidate(to, roles), needsOf(task), now());
  if (reason) throw badRequest('Invalid body: to', [{ field: 'to', message: reason }]);
  const moved = await changeTask(principal, task, { ...task, status: 'assigned', assignee: to, assignedAt: now().toISOString() }, 'task.reassigned', { from: task.assignee ?? null, to });
  await publishDomainEvent('TaskAssigned', { caseId: task.caseId, taskId, kind: task.kind, assignee: to, by: principal.username });
  return toPublicTask(moved);
}

/**
 * At the start of someone's absence, by the scheduler: each task they hold goes to their delegate
 * when the delegate may take it, else back to its queue. Nothing brings it back afterwards.
 * Returns where it went (undefined: its queue), or null when the task changed meanwhile.
 */
export async function handOverForAbsence(task: TaskRecord, absent: string, delegate: string | undefined): Promise<string | undefined | null> {
  if (task.status !== 'assigned' || task.assignee !== absent) return null;
  const roles = delegate ? await rolesOf(delegate) : undefined;
  const eligible = delegate && roles && !whyNotEligible(await candidate(delegate, roles), needsOf(task), now());
  try {
    if (eligible) {
      const moved = await changeTask(SYSTEM_ACTOR, task, { ...task, assignee: delegate, assignedAt: now().toISOString() }, 'task.reassigned', { from: absent, to: delegate, reason: 'absence' });
      await publishDomainEvent('TaskAssigned', { caseId: task.caseId, taskId: task.taskId, kind: task.kind, assignee: delegate, by: SYSTEM_ACTOR.username });
      return moved.assignee;
    }
    const { assignee: _a, assignedAt: _s, ...rest } = task;
    await changeTask(SYSTEM_ACTOR, task, { ...rest, status: 'open' }, 'task.released', { from: absent, reason: 'absence', ...(delegate ? { delegate, delegateNotEligible: true } : {}) });
    return undefined;
  } catch (error) {
    if (error instanceof ClientError && error.status === 409) return null;
    throw error;
  }
}

export interface BulkResult {
  readonly taskId: string;
  readonly status: number;
  readonly task?: PublicTask;
  readonly error?: { code: string; message: string };
}

/** Reassigns each task on its own: one refusal does not undo the others, and each says why. */
export async function reassignTasks(principal: Principal, taskIds: readonly string[], to: string): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const taskId of new Set(taskIds)) {
    try {
      results.push({ taskId, status: 200, task: await reassignTask(principal, taskId, to) });
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      results.push({ taskId, status: error.status, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}

/**
 * Records the outcome, then hands it to the waiting execution. The task goes through
 * `completing` so that a crash between the two steps leaves a task its assignee can simply
 * complete again (the hand-over is then retried), never a task done in the table but not in the
 * workflow. A hand-over the workflow no longer waits for (expired token) closes the task.
 */
export async function completeTask(
  principal: Principal,
  taskId: string,
  body: z.output<typeof completeTaskBody>,
): Promise<PublicTask> {
  const task = authorizeTask(principal, 'task:complete', await getTask(taskId));
  if (task.status === 'completing' && task.outcome === body.outcome) return toPublicTask(await handOver(principal, task, true));
  if (task.status !== 'assigned') throw taskConflict();
  if (!task.outcomes.includes(body.outcome)) {
    throw badRequest('Invalid body: outcome', [{ field: 'outcome', message: `must be one of: ${task.outcomes.join(', ')}` }]);
  }
  const data = validateCompletionData(task, body.outcome, body.data);
  const completing = await changeTask(
    principal,
    task,
    { ...task, status: task.taskToken ? 'completing' : 'completed', outcome: body.outcome, completedBy: principal.username, completedAt: now().toISOString(), ...(data ? { completionData: data } : {}) },
    'task.completed',
    { outcome: body.outcome, ...(Array.isArray(data?.categories) ? { requestedDocuments: data.categories } : {}) },
    await caseChangesOnCompletion(task, body.outcome, data),
  );
  await publishDomainEvent('TaskCompleted', { caseId: task.caseId, taskId, kind: task.kind, outcome: body.outcome, by: principal.username });
  return toPublicTask(completing.taskToken ? await handOver(principal, completing, false) : completing);
}

function validateCompletionData(task: TaskRecord, outcome: string, data: Record<string, unknown> | undefined) {
  const schema = findCaseType(task.caseType)?.taskKinds.find((k) => k.kind === task.kind)?.completionData?.[outcome];
  if (!schema) {
    if (data && Object.keys(data).length > 0) {
      throw badRequest('Invalid body: data', [{ field: 'data', message: `the outcome ${outcome} carries no data` }]);
    }
    return undefined;
  }
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) throw validationError(parsed.error, 'body', 'data');
  return parsed.data as Record<string, unknown>;
}

/** What the waiting state receives: the same whether its execution still waits or a new one carries on. */
const handOverOutput = (task: TaskRecord) => ({ taskId: task.taskId, outcome: task.outcome, completedBy: task.completedBy, data: task.completionData ?? {} });

/** Hands the outcome to the execution waiting on the task, or to the next one if its execution ended at a long wait. */
const deliverOutcome = (task: TaskRecord) => endWait(task, completionResolution(task, handOverOutput(task)));

/** Finishes the hand-over of a task left `completing` (the deadline checker's sweep of parked waits). */
export const retryHandOver = (task: TaskRecord) => handOver(SYSTEM_ACTOR, task, true);

async function handOver(who: Principal | Actor, task: TaskRecord, isRetry: boolean): Promise<TaskRecord> {
  try {
    await deliverOutcome(task);
  } catch (error) {
    const name = (error as Error).name;
    if (!GONE_TOKEN_ERRORS.has(name)) {
      // The workflow did not answer: the task stays `completing`, and completing it again retries.
      logger.warn('task hand-over failed; it can be retried', { taskId: task.taskId, errorName: name });
      throw new ClientError(503, 'workflow_unavailable', 'The outcome is recorded but the workflow did not take it yet; complete the task again to retry');
    }
    // On a retry, an unknown token means the earlier hand-over went through before a crash.
    // On a first attempt it means the execution stopped waiting (timed out, cancelled).
    if (!isRetry || name === 'TaskTimedOut') {
      await closeExpired(who, task);
      throw conflict('This task is no longer awaited: the case moved on without it');
    }
    logger.info('task already handed over', { taskId: task.taskId });
  }
  // The task's own bookkeeping, not an action on the case: the history has the completion
  // (`task.completed`) and the dashboard counted it then, so only the task item changes. Written
  // alone, it does not touch the case's chain head, which the workflow's next step, started by
  // the hand-over just made, is writing at this very moment (a transaction here lost that race).
  const at = now().toISOString();
  const done: TaskRecord = { ...task, status: 'completed', version: task.version + 1, updatedAt: at };
  try {
    await dynamo().send(new PutCommand(taskUpdateWrite(done, task.version).Put as PutCommandInput));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return (await getTask(task.taskId)) ?? done;
    throw error;
  }
  return done;
}

async function closeExpired(who: Principal | Actor, task: TaskRecord): Promise<void> {
  const at = now().toISOString();
  const closed: TaskRecord = { ...task, status: 'cancelled', version: task.version + 1, updatedAt: at };
  await recordChange(task.caseId, { at, actor: asActor(who, task), action: 'task.expired', details: { taskId: task.taskId } }, {
    linkedWrites: [taskUpdateWrite(closed, task.version)],
  }).catch((error: unknown) => {
    if (!(error instanceof LinkedWriteRefused)) throw error;
  });
}

/**
 * The system completes a workflow task itself when what it waited for has happened (all the
 * requested documents accepted): same records and hand-over as a person's completion.
 */
export async function completeTaskAsSystem(task: TaskRecord, outcome: string, data?: Record<string, unknown>): Promise<void> {
  if (task.status !== 'open' && task.status !== 'assigned') return;
  const completing = await changeTask(
    SYSTEM_ACTOR,
    task,
    {
      ...task,
      status: task.taskToken ? 'completing' : 'completed',
      outcome,
      completedBy: SYSTEM_ACTOR.username,
      completedAt: now().toISOString(),
      ...(data ? { completionData: data } : {}),
    },
    'task.completed',
    { outcome, by: 'system' },
  );
  await publishDomainEvent('TaskCompleted', { caseId: task.caseId, taskId: task.taskId, kind: task.kind, outcome, by: SYSTEM_ACTOR.username });
  if (completing.taskToken) await handOver(SYSTEM_ACTOR, completing, false);
}

/**
 * What a completion changes on the case: an outcome asking for documents (`categories`) adds them
 * to the checklist; a kind may establish facts the decision tables read (a qualified severity).
 */
async function caseChangesOnCompletion(task: TaskRecord, outcome: string, data: Record<string, unknown> | undefined) {
  const established = findCaseType(task.caseType)?.taskKinds.find((k) => k.kind === task.kind)?.establishesFacts?.(outcome, data ?? {}) ?? {};
  const asksForDocuments = Array.isArray(data?.categories);
  if (!asksForDocuments && Object.keys(established).length === 0) return undefined;
  const record = await getCase(task.caseId);
  const changes: Record<string, unknown> = {};
  if (asksForDocuments) {
    const already = (record as { additionalDocuments?: string[] } | undefined)?.additionalDocuments ?? [];
    changes.additionalDocuments = [...new Set([...already, ...(data!.categories as string[])])];
  }
  if (Object.keys(established).length) {
    changes.facts = { ...((record as { facts?: Record<string, unknown> } | undefined)?.facts ?? {}), ...established };
  }
  return changes;
}
