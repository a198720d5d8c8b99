import { ExecutionAlreadyExists, SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, sfnClient } from '../aws/clients.js';
import { config } from '../config.js';
import { logger } from '../observability/logger.js';
import { taskPk } from '../tasks/task-keys.js';
import { awaitsWork, type TaskRecord } from '../tasks/task-record.js';
import { getTask } from '../tasks/task-repository.js';
import { waitingStateOf } from './waiting-states.js';
import { carryOnMachineArn } from './machine-variants.js';

// Short executions for long waits. A Standard execution that waits months on a person holds one
// of the account's open executions all that time: at 200,000 cases a day that is millions. So a
// wait that has lasted LONG_WAIT_SECONDS ends its execution (the deadline checker fails its token
// with WaitParked, which every waiting state catches into a Succeed state), and whatever ends the
// wait later (the task completed, the case withdrawn or cancelled, the wait timing out) starts
// the case's next execution, named `<caseId>-<taskId>` (idempotent by name), at the state the
// wait leads to, with the input that state would have received. Each machine's first state, a
// Choice, sends such an execution there. The task, its clock, the case and its history stay as
// they are: only the execution is shorter.

export const WAIT_PARKED = 'WaitParked';
/** What a parked wait ends with when its state's TimeoutSeconds have passed (caught with States.Timeout). */
export const WAIT_TIMED_OUT = 'WaitTimedOut';
/** A parked task whose outcome is recorded but whose next execution is not known to run yet is looked at again after this. */
export const RESUME_CHECK_MS = 60_000;

/** How a wait ended: the output its state would have received, or the error it fails with. */
export type WaitResolution = { readonly output: unknown } | { readonly error: string; readonly cause: string };

export type LongWaitStep = 'park' | 'time-out' | 'resume';

/**
 * The task's next long-wait moment and what the deadline checker does then: end the execution of a
 * wait that reached `parkAt`; time out a parked wait as its state would have; carry on a parked
 * task whose outcome is recorded but whose next execution may not have started (a crash).
 */
export function longWaitMoment(task: TaskRecord): { readonly step: LongWaitStep; readonly at: string } | undefined {
  if (task.taskToken && awaitsWork(task)) {
    if (!task.parkedAt) return task.parkAt ? { step: 'park', at: task.parkAt } : undefined;
    return task.waitTimeoutAt ? { step: 'time-out', at: task.waitTimeoutAt } : undefined;
  }
  if (task.status === 'completing' && task.parkedAt) return { step: 'resume', at: new Date(Date.parse(task.updatedAt) + RESUME_CHECK_MS).toISOString() };
  return undefined;
}

/** When a wait begun at `createdAt` ends its execution; undefined when long waits are off. */
export function parkAtFor(createdAt: Date): string | undefined {
  const seconds = config().LONG_WAIT_SECONDS;
  return seconds > 0 ? new Date(createdAt.getTime() + seconds * 1000).toISOString() : undefined;
}

function waitingState(task: Pick<TaskRecord, 'caseType' | 'stateName'>) {
  const found = waitingStateOf(task);
  if (!found) throw new Error(`no waiting state ${task.stateName} for ${task.caseType}`);
  return found;
}

/** When the wait's state would have timed out, had its execution gone on waiting. */
export function waitTimeoutAt(task: Pick<TaskRecord, 'caseType' | 'stateName' | 'createdAt'>): string | undefined {
  const { state } = waitingState(task);
  return state.TimeoutSeconds ? new Date(Date.parse(task.createdAt) + state.TimeoutSeconds * 1000).toISOString() : undefined;
}

/** Sets `value` at a reference path (`$`, `$.a`, `$.a.b`) of a copy of `input`, as ResultPath does (null: keeps the input). */
export function atResultPath(input: Record<string, unknown>, path: string | null | undefined, value: unknown): Record<string, unknown> {
  if (path === null) return input;
  if (path === undefined || path === '$') return value as Record<string, unknown>;
  const names = path.replace(/^\$\./, '').split('.');
  const copy = structuredClone(input);
  let target: Record<string, unknown> = copy;
  for (const name of names.slice(0, -1)) {
    const inner = target[name];
    target = target[name] = inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : {};
  }
  target[names.at(-1)!] = value;
  return copy;
}

/**
 * Where a wait leads and with what input: its Next with the output at its ResultPath, or, for an
 * error, the first Catch that names it with `{Error, Cause}` at the catcher's ResultPath.
 */
export function nextAfterWait(
  task: Pick<TaskRecord, 'caseType' | 'stateName'>,
  stateInput: Record<string, unknown>,
  resolution: WaitResolution,
): { machineId: string; entry: string; input: Record<string, unknown> } {
  const { machineId, state } = waitingState(task);
  if ('output' in resolution) {
    if (!state.Next) throw new Error(`state ${task.stateName} has no Next`);
    return { machineId, entry: state.Next, input: atResultPath(stateInput, state.ResultPath, resolution.output) };
  }
  const catcher = state.Catch?.find((c) => c.ErrorEquals.includes(resolution.error) || c.ErrorEquals.includes('States.ALL'));
  if (!catcher) throw new Error(`state ${task.stateName} catches no ${resolution.error}`);
  return { machineId, entry: catcher.Next, input: atResultPath(stateInput, catcher.ResultPath, { Error: resolution.error, Cause: resolution.cause }) };
}

const waitInputKey = (taskId: string) => ({ pk: taskPk(taskId), sk: 'WAIT' });

/**
 * Keeps the input of the state a task waits in, beside the task (not in it: the task item and its
 * index copies are rewritten at each claim or change, this is written once).
 */
export async function saveWaitInput(taskId: string, stateInput: Record<string, unknown>): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: config().TABLE_NAME, Item: { ...waitInputKey(taskId), entity: 'wait-input', stateInput } }));
}

async function readWaitInput(taskId: string): Promise<Record<string, unknown>> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().TABLE_NAME, Key: waitInputKey(taskId), ConsistentRead: true }));
  if (!Item) throw new Error(`no saved state input for task ${taskId}`);
  return Item.stateInput as Record<string, unknown>;
}

/** What Step Functions answers for a token its execution no longer waits on. */
export const GONE_TOKEN_ERRORS: ReadonlySet<string> = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Fails the token of a waiting state with WaitParked; true if its execution still waited on it. */
export async function endWaitingExecution(token: string): Promise<boolean> {
  try {
    await sfnClient().send(new SendTaskFailureCommand({ taskToken: token, error: WAIT_PARKED, cause: 'the wait outlived the long-wait threshold; the next execution starts when it ends' }));
    return true;
  } catch (error) {
    if (GONE_TOKEN_ERRORS.has((error as Error).name)) return false;
    throw error;
  }
}

export const nextExecutionName = (task: Pick<TaskRecord, 'caseId' | 'taskId'>) => `${task.caseId}-${task.taskId}`;

/**
 * Carries on a case whose execution ended at this task's wait: makes sure the old execution no
 * longer waits (its parking may have been cut short), then starts the next one. Starting is
 * idempotent: the name is the task's, and the input is the same on every retry.
 */
export async function resumeAfterWait(task: TaskRecord, resolution: WaitResolution): Promise<void> {
  if (task.taskToken) await endWaitingExecution(task.taskToken);
  const { machineId, entry, input } = nextAfterWait(task, await readWaitInput(task.taskId), resolution);
  // The next execution starts at the definition's `Resume` Choice: on the carry-on machine.
  const stateMachineArn = carryOnMachineArn(machineId);
  try {
    await sfnClient().send(
      new StartExecutionCommand({
        stateMachineArn,
        name: nextExecutionName(task),
        input: JSON.stringify({ ...input, resume: { entry, after: task.taskId } }),
      }),
    );
    logger.info('next execution started after a long wait', { caseId: task.caseId, taskId: task.taskId, entry });
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return;
    throw error;
  }
}

/**
 * Ends a workflow task's wait: hands the resolution to the execution waiting on its token, or, for
 * a wait parked before or while we sent it (the deadline checker ended the execution between our
 * read and the send), starts the next execution with it. Other refusals are the caller's to handle.
 */
export async function endWait(task: TaskRecord, resolution: WaitResolution): Promise<void> {
  if (task.parkedAt) return resumeAfterWait(task, resolution);
  const taskToken = task.taskToken!;
  try {
    if ('output' in resolution) await sfnClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(resolution.output) }));
    else await sfnClient().send(new SendTaskFailureCommand({ taskToken, error: resolution.error, cause: resolution.cause }));
  } catch (error) {
    const parked = GONE_TOKEN_ERRORS.has((error as Error).name) ? await getTask(task.taskId) : undefined;
    if (!parked?.parkedAt) throw error;
    await resumeAfterWait({ ...task, parkedAt: parked.parkedAt }, resolution);
  }
}
