import { ScanCommand, type AttributeValue, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, NumberValue } from '@aws-sdk/lib-dynamodb';
import { Decimal } from 'decimal.js';
import { dynamo } from '../aws/clients.js';
import { CASE_DETAILS_ENTITY, withCaseDetails } from '../cases/case-details.js';
import { config } from '../config.js';
import type { TaskRecord } from '../tasks/task-record.js';
import { caseState, closureFlows, difference, isCounted, receivedFlows, taskDoneFlows, taskState, type Counters, type DailyCounters } from './kpi-counters.js';
import { dayOfDaySk, dayPartOf, dayPartSk } from './kpi-day-layout.js';
import { KPI_ENTITY, KPI_NOW_SK, kpiDayPk, kpiNowPk } from './kpi-store.js';

// The counters recomputed from what they count — the cases, their tasks and their closure entries
// in the history — and compared with the counters as kept. A drift means a write path forgot its
// counters; `repair` adds the difference so the dashboard is right again (and says so).

export interface Drift {
  /** 'now' for the state counters, else the day. */
  readonly bucket: string;
  readonly counter: string;
  readonly kept: string;
  readonly recomputed: string;
}

export interface Reconciliation {
  readonly cases: number;
  readonly tasks: number;
  readonly closures: number;
  readonly drift: readonly Drift[];
}

/** Every item of the given entities, one Scan (an offline check: its cost follows the table, on purpose). */
async function scanEntities(entities: readonly string[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  const values = Object.fromEntries(entities.map((e, i) => [`:e${i}`, { S: e }]));
  do {
    const page: ScanCommandOutput = await dynamo().send(
      new ScanCommand({
        TableName: config().TABLE_NAME,
        FilterExpression: `entity IN (${Object.keys(values).join(', ')})`,
        ExpressionAttributeValues: values,
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) items.push(plain(item, item.entity?.S === KPI_ENTITY));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Counters stay decimal strings (money must not pass through a float); other items read as usual. */
function plain(item: Record<string, AttributeValue>, decimalStrings: boolean): Record<string, unknown> {
  const value = (v: AttributeValue): unknown => {
    if (v.S !== undefined) return v.S;
    if (v.N !== undefined) return decimalStrings ? v.N : Number(v.N);
    if (v.BOOL !== undefined) return v.BOOL;
    if (v.NULL) return null;
    if (v.M) return Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, value(x)]));
    if (v.L) return v.L.map(value);
    return undefined;
  };
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, value(v)]));
}

const merge = (into: Counters, from: Counters) => from.forEach((v, k) => into.set(k, (into.get(k) ?? new Decimal(0)).plus(v)));

function compare(bucket: string, kept: Counters, recomputed: Counters, drift: Drift[]): void {
  for (const counter of difference(kept, recomputed).keys()) {
    drift.push({ bucket, counter, kept: (kept.get(counter) ?? new Decimal(0)).toString(), recomputed: (recomputed.get(counter) ?? new Decimal(0)).toString() });
  }
}

export async function reconcileAggregates(options: { repair?: boolean } = {}): Promise<Reconciliation> {
  const items = await scanEntities(['case', CASE_DETAILS_ENTITY, 'task', 'history', KPI_ENTITY]);
  const caseItems: Record<string, unknown>[] = [];
  const details: Record<string, unknown>[] = [];
  const tasks: TaskRecord[] = [];
  const closures: { caseId: string; at: string }[] = [];
  const keptState: Counters = new Map();
  const keptDaily: DailyCounters = new Map();
  for (const item of items) {
    if (item.entity === 'case') caseItems.push(item);
    else if (item.entity === CASE_DETAILS_ENTITY) details.push(item);
    else if (item.entity === 'task') tasks.push(item as unknown as TaskRecord);
    else if (item.entity === 'history' && item.action === 'case.closed') closures.push({ caseId: item.caseId as string, at: item.at as string });
    else if (item.entity === KPI_ENTITY) {
      const { pk, sk, entity: _e, ...counters } = item;
      // A day's counters are in several items (kpi-day-layout.ts): summed by the day they count.
      const day = sk === KPI_NOW_SK ? undefined : dayOfDaySk(sk as string);
      const into = day === undefined ? keptState : (keptDaily.get(day) ?? keptDaily.set(day, new Map()).get(day)!);
      for (const [name, value] of Object.entries(counters)) if (typeof value === 'string' && pk) into.set(name, (into.get(name) ?? new Decimal(0)).plus(value));
    }
  }

  // The claim data (amounts involved) is in the details item of a registered case.
  const cases = new Map((await withCaseDetails(caseItems, details)).map((record) => [record.caseId, record]));
  const state: Counters = new Map();
  const daily: DailyCounters = new Map();
  for (const record of cases.values()) {
    merge(state, caseState(record));
    if (isCounted(record)) receivedFlows(record, daily);
  }
  for (const closure of closures) {
    const record = cases.get(closure.caseId);
    if (record) closureFlows(record, closure.at, daily);
  }
  for (const task of tasks) {
    merge(state, taskState(task));
    if (task.completedAt) taskDoneFlows(task, daily);
  }

  const drift: Drift[] = [];
  compare('now', keptState, state, drift);
  for (const day of new Set([...keptDaily.keys(), ...daily.keys()])) compare(day, keptDaily.get(day) ?? new Map(), daily.get(day) ?? new Map(), drift);
  if (options.repair) await repair(drift);
  return { cases: cases.size, tasks: tasks.length, closures: closures.length, drift };
}

/** Adds each difference to shard 0: the sums become the recomputed figures. */
async function repair(drift: readonly Drift[]): Promise<void> {
  // By item: the state item, or the part of the day the counter belongs to (kpi-day-layout.ts).
  const byItem = new Map<string, Drift[]>();
  for (const d of drift) {
    const sk = d.bucket === 'now' ? KPI_NOW_SK : dayPartSk(d.bucket, dayPartOf(d.counter));
    byItem.set(sk, [...(byItem.get(sk) ?? []), d]);
  }
  for (const [sk, rows] of byItem) {
    for (let i = 0; i < rows.length; i += 50) {
      const chunk = rows.slice(i, i + 50);
      await dynamo().send(
        new UpdateCommand({
          TableName: config().TABLE_NAME,
          Key: { pk: sk === KPI_NOW_SK ? kpiNowPk(0) : kpiDayPk(0), sk },
          UpdateExpression: `SET #entity = :entity ADD ${chunk.map((_, j) => `#c${j} :c${j}`).join(', ')}`,
          ExpressionAttributeNames: { '#entity': 'entity', ...Object.fromEntries(chunk.map((d, j) => [`#c${j}`, d.counter])) },
          ExpressionAttributeValues: {
            ':entity': KPI_ENTITY,
            ...Object.fromEntries(chunk.map((d, j) => [`:c${j}`, NumberValue.from(new Decimal(d.recomputed).minus(d.kept).toString())])),
          },
        }),
      );
    }
  }
}
