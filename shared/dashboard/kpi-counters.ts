import { Decimal } from 'decimal.js';
import { findCaseType } from '../case-types/index.js';
import type { CaseRecord } from '../cases/case-record.js';
import type { SlaClock } from '../sla/sla-clock.js';
import type { TaskRecord } from '../tasks/task-record.js';

// The dashboard's figures are counters, kept exact by deriving every change from the two
// snapshots a write already has (the case, and each task it touches, before and after), never
// from events that might be lost or repeated. Two kinds:
//   state counters ("now"): what is open at this instant — a snapshot adds its contribution and
//     the snapshot it replaces subtracts its own, so any change, however odd, nets out right;
//   flow counters (per day): what happened that day — received, closed, processing times,
//     tasks done, clocks that finished within or beyond their target.
// The reconciliation (reconcile.ts) recomputes both from the cases, tasks and closure entries.

/** Counter name → amount to add (a decimal, so money stays exact). */
export type Counters = Map<string, Decimal>;

/** Parts of a counter name: kind, then its dimensions, each URI-encoded so ':' stays a separator. */
export const counterName = (kind: string, ...parts: readonly string[]) => [kind, ...parts.map(encodeURIComponent)].join(':');

export function parseCounterName(name: string): { kind: string; parts: string[] } {
  const [kind = '', ...parts] = name.split(':');
  return { kind, parts: parts.map(decodeURIComponent) };
}

export const CLOSED_STATUS = 'closed';
// A task being handed to the workflow (`completing`) is done for its queue and its assignee: its
// outcome is recorded, and the hand-over's own write then changes no counter.
const ACTIVE_TASK = new Set(['open', 'assigned']);

export const isOpenCase = (record: Pick<CaseRecord, 'status'>) => record.status !== CLOSED_STATUS;

/**
 * A case counts on the dashboard from its registration: a `received` case is still the intake
 * buffer's (the case-start figures show it), and its registration counts it as received on the
 * day and hour of its declaration. Counting at registration keeps a surge's counter writes at
 * the starter's pace instead of hammering the day's counter items at the rate claims arrive.
 */
export function isCounted<T extends Pick<CaseRecord, 'status'>>(record: T | undefined): record is T {
  return record !== undefined && record.status !== 'received';
}
export const isActiveTask = (task: Pick<TaskRecord, 'status'>) => ACTIVE_TASK.has(task.status);

/** The state the deadline checker has recorded on a clock (its sla.at-risk / sla.breached steps). */
export function recordedSlaState(clock: SlaClock): 'on-track' | 'at-risk' | 'breached' {
  if (clock.reached.breached) return 'breached';
  return clock.reached.atRisk ? 'at-risk' : 'on-track';
}

/** Processing-time buckets, in hours (upper bounds); the last one takes everything longer. */
export const PROCESSING_BUCKETS_HOURS = [1, 4, 8, 24, 48, 72, 120, 168, 240, 336, 504, 720, 1080, 1440, 2160, 2880, 4320, 8760] as const;

export function processingBucket(ms: number): number {
  const hours = ms / 3_600_000;
  const index = PROCESSING_BUCKETS_HOURS.findIndex((bound) => hours <= bound);
  return index === -1 ? PROCESSING_BUCKETS_HOURS.length : index;
}

export const dayOf = (instant: string) => instant.slice(0, 10);
export const hourOf = (instant: string) => instant.slice(11, 13);

function add(counters: Counters, name: string, amount: Decimal.Value): void {
  const next = (counters.get(name) ?? new Decimal(0)).plus(amount);
  counters.set(name, next);
}

/** What the case is, money-wise, if its type says (hook of the case type). */
export function involvedAmountOf(record: Pick<CaseRecord, 'type' | 'data'>) {
  const found = findCaseType(record.type)?.involvedAmount?.(record.data as never);
  if (!found || !/^-?\d+(\.\d+)?$/.test(found.amount)) return undefined;
  return { ...found, businessLine: found.businessLine ?? 'unspecified', region: found.region ?? 'unspecified' };
}

/** What an open case adds to the state counters. */
export function caseState(record: CaseRecord | undefined): Counters {
  const counters: Counters = new Map();
  if (!isCounted(record) || !isOpenCase(record)) return counters;
  add(counters, counterName('open', record.type, record.status), 1);
  if (record.clock && !record.clock.stoppedAt) add(counters, counterName('caseSla', record.type, recordedSlaState(record.clock)), 1);
  const money = involvedAmountOf(record);
  if (money) {
    add(counters, counterName('amount', money.businessLine, money.region, money.currency), money.amount);
    add(counters, counterName('amountCases', money.businessLine, money.region, money.currency), 1);
  }
  return counters;
}

/** What an active task adds to the state counters: its queue's backlog, its assignee's, its clock. */
export function taskState(task: TaskRecord | undefined): Counters {
  const counters: Counters = new Map();
  if (!task || !isActiveTask(task)) return counters;
  add(counters, counterName(task.assignee ? 'queueAssigned' : 'queueWaiting', task.queue), 1);
  if (task.assignee) add(counters, counterName('agent', task.assignee), 1);
  if (task.clock) add(counters, counterName('taskSla', task.queue, recordedSlaState(task.clock)), 1);
  return counters;
}

/** after − before, dropping what nets to zero. */
export function difference(before: Counters, after: Counters): Counters {
  const result: Counters = new Map();
  for (const [name, value] of after) add(result, name, value);
  for (const [name, value] of before) add(result, name, value.negated());
  for (const [name, value] of result) if (value.isZero()) result.delete(name);
  return result;
}

/** Day → counters, for the flow counters. */
export type DailyCounters = Map<string, Counters>;

function addDaily(daily: DailyCounters, day: string, name: string, amount: Decimal.Value): void {
  let counters = daily.get(day);
  if (!counters) daily.set(day, (counters = new Map()));
  add(counters, name, amount);
}

/** A new case: received that day and that hour (the volume alert compares hours). */
export function receivedFlows(record: CaseRecord, daily: DailyCounters = new Map()): DailyCounters {
  addDaily(daily, dayOf(record.createdAt), counterName('received', record.type), 1);
  addDaily(daily, dayOf(record.createdAt), counterName('receivedHour', hourOf(record.createdAt)), 1);
  return daily;
}

/** A closure: counted on its day, with the time since declaration and whether the case's clock held. */
export function closureFlows(record: CaseRecord, closedAt: string, daily: DailyCounters = new Map()): DailyCounters {
  const day = dayOf(closedAt);
  const ms = Math.max(0, Date.parse(closedAt) - Date.parse(record.createdAt));
  addDaily(daily, day, counterName('closed', record.type), 1);
  addDaily(daily, day, counterName('procCount', record.type), 1);
  addDaily(daily, day, counterName('procSumMs', record.type), ms);
  addDaily(daily, day, counterName('procBucket', record.type, String(processingBucket(ms))), 1);
  if (record.clock) {
    const breached = record.clock.reached.breached !== undefined && record.clock.reached.breached <= closedAt;
    addDaily(daily, day, counterName(breached ? 'caseSlaBreached' : 'caseSlaMet', record.type), 1);
  }
  return daily;
}

/** A task done: throughput of its queue and of the person who did it, and whether its clock held. */
export function taskDoneFlows(task: TaskRecord, daily: DailyCounters = new Map()): DailyCounters {
  const day = dayOf(task.completedAt!);
  addDaily(daily, day, counterName('done', task.queue), 1);
  if (task.completedBy) {
    addDaily(daily, day, counterName('doneBy', task.completedBy), 1);
    // Handling time, from when they got it (or its creation, for a task taken before that was kept).
    const since = task.assignedAt ?? task.createdAt;
    addDaily(daily, day, counterName('handledMsBy', task.completedBy), Math.max(0, Date.parse(task.completedAt!) - Date.parse(since)));
  }
  if (task.clock) addDaily(daily, day, counterName(task.clock.reached.breached ? 'taskSlaBreached' : 'taskSlaMet', task.queue), 1);
  return daily;
}

export interface KpiDelta {
  readonly state: Counters;
  readonly daily: DailyCounters;
}

/**
 * Everything one write changes on the dashboard, from the snapshots before and after it. A case
 * counts as closed when its status enters `closed`; a task as done when it first gets a completion
 * time (a workflow task passes through `completing` first).
 */
export function kpiDelta(change: {
  readonly caseBefore: CaseRecord | undefined;
  readonly caseAfter: CaseRecord;
  readonly tasks: readonly { readonly before: TaskRecord | undefined; readonly after: TaskRecord }[];
  readonly at: string;
}): KpiDelta {
  const stateBefore: Counters = new Map();
  const stateAfter: Counters = new Map();
  const merge = (into: Counters, from: Counters) => from.forEach((v, k) => add(into, k, v));
  merge(stateBefore, caseState(change.caseBefore));
  merge(stateAfter, caseState(change.caseAfter));
  const daily: DailyCounters = new Map();
  if (!isCounted(change.caseBefore)) {
    if (isCounted(change.caseAfter)) receivedFlows(change.caseAfter, daily);
  } else if (isOpenCase(change.caseBefore) && !isOpenCase(change.caseAfter)) closureFlows(change.caseAfter, change.at, daily);
  for (const { before, after } of change.tasks) {
    merge(stateBefore, taskState(before));
    merge(stateAfter, taskState(after));
    if (after.completedAt && !before?.completedAt) taskDoneFlows(after, daily);
  }
  return { state: difference(stateBefore, stateAfter), daily };
}
