import { randomInt } from 'node:crypto';
import { BatchGetItemCommand, QueryCommand, type AttributeValue, type BatchGetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { NumberValue, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Decimal } from 'decimal.js';
import { dynamo } from '../aws/clients.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { config } from '../config.js';
import type { Counters, DailyCounters, KpiDelta } from './kpi-counters.js';
import { byDayPart, countersByDayPart, dayCounterNames, dayOfDaySk, dayPartSk } from './kpi-day-layout.js';

// Where the counters live. Each write adds its delta to one of KPI_SHARDS items, picked at random:
// the sums are what matter, so any shard will do, and a surge of writes spreads over all of them
// instead of queueing on one hot item. Readers add the shards up; their cost depends on the number
// of shards and days, never on the number of cases.
//   KPI#NOW#<shard> / NOW         state counters (open cases, backlogs, live SLA states, amounts)
//   KPI#DAY#<shard> / <yyyy-mm-dd>#<part> flow counters of that day (UTC), in parts (kpi-day-layout.ts)
export const KPI_SHARDS = 8;
export const kpiNowPk = (shard: number) => `KPI#NOW#${shard}`;
export const KPI_NOW_SK = 'NOW';
export const kpiDayPk = (shard: number) => `KPI#DAY#${shard}`;
export const KPI_ENTITY = 'kpi';

const table = () => config().TABLE_NAME;

export const randomKpiShard = () => randomInt(KPI_SHARDS);

function addWrite(key: { pk: string; sk: string }, counters: Counters): LinkedWrite {
  const names: Record<string, string> = { '#entity': 'entity' };
  const values: Record<string, unknown> = { ':entity': KPI_ENTITY };
  const adds = [...counters].map(([name, value], i) => {
    names[`#c${i}`] = name;
    // A NumberValue keeps the decimal as written: DynamoDB adds it exactly (38 digits).
    values[`:c${i}`] = NumberValue.from(value.toString());
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: table(),
      Key: key,
      UpdateExpression: `SET #entity = :entity ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  } as LinkedWrite;
}

/** The counter updates of one change, to ride in the change's own transaction (none if nothing moves). */
export function kpiWrites(delta: KpiDelta, shard: number = randomKpiShard()): LinkedWrite[] {
  const writes: LinkedWrite[] = [];
  if (delta.state.size > 0) writes.push(addWrite({ pk: kpiNowPk(shard), sk: KPI_NOW_SK }, delta.state));
  for (const [day, counters] of delta.daily) {
    for (const [part, partCounters] of countersByDayPart(counters)) writes.push(addWrite({ pk: kpiDayPk(shard), sk: dayPartSk(day, part) }, partCounters));
  }
  return writes;
}

export interface KpiSnapshot {
  readonly state: Counters;
  readonly daily: DailyCounters;
  /** DynamoDB read capacity the snapshot cost (for the bench). */
  readonly readUnits: number;
}

const NOT_COUNTERS = new Set(['pk', 'sk', 'entity']);

function countersOf(item: Record<string, AttributeValue>, into: Counters, skipZeros = false): void {
  for (const [name, value] of Object.entries(item)) {
    if (NOT_COUNTERS.has(name) || value.N === undefined) continue;
    // A day counter at zero is one the day's item was prepared with (prepareKpiDays), not a figure.
    if (skipZeros && value.N === '0') continue;
    into.set(name, (into.get(name) ?? new Decimal(0)).plus(value.N));
  }
}

/**
 * Sums every shard: one BatchGetItem for the state items and one Query per shard for the days
 * from `fromDay` on. Read with the low-level client so numbers come back as the decimal strings
 * DynamoDB holds, never through a float. Eventually consistent: half the read units of a strong
 * read, for figures a second old at worst on a dashboard refreshed every 15 seconds.
 */
export async function readKpis(fromDay: string): Promise<KpiSnapshot> {
  const state: Counters = new Map();
  const daily: DailyCounters = new Map();
  let readUnits = 0;
  const shards = Array.from({ length: KPI_SHARDS }, (_, s) => s);
  let keys: Record<string, AttributeValue>[] | undefined = shards.map((s) => ({ pk: { S: kpiNowPk(s) }, sk: { S: KPI_NOW_SK } }));
  for (let attempt = 0; keys?.length && attempt < 6; attempt++) {
    const result: BatchGetItemCommandOutput = await dynamo().send(new BatchGetItemCommand({ RequestItems: { [table()]: { Keys: keys } }, ReturnConsumedCapacity: 'TOTAL' }));
    readUnits += (result.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    for (const item of result.Responses?.[table()] ?? []) countersOf(item, state);
    keys = result.UnprocessedKeys?.[table()]?.Keys;
    if (keys?.length) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
  }
  if (keys?.length) throw new Error('the dashboard counters could not be read');
  await Promise.all(
    shards.map(async (shard) => {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await dynamo().send(
          new QueryCommand({
            TableName: table(),
            KeyConditionExpression: 'pk = :pk AND sk >= :from',
            ExpressionAttributeValues: { ':pk': { S: kpiDayPk(shard) }, ':from': { S: fromDay } },
            ReturnConsumedCapacity: 'TOTAL',
            ExclusiveStartKey: startKey,
          }),
        );
        readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
        for (const item of page.Items ?? []) {
          const day = dayOfDaySk(item.sk!.S!);
          let counters = daily.get(day);
          if (!counters) daily.set(day, (counters = new Map()));
          countersOf(item, counters, true);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return { state, daily, readUnits };
}

/** Counter names per update: each `#cN = if_not_exists(#cN, :zero)` keeps the expression well under 4 KB. */
const PREPARE_CHUNK = 60;

/**
 * Gives each shard's items of these days every day counter, at zero where it does not exist yet, so
 * the items read by the dashboard have their full size from the first case of the day (see
 * kpi-day-layout.ts). Idempotent, and safe beside live writes: it only ever sets a missing counter.
 * Run each night for the days ahead; a day it missed is merely cheaper to read, never wrong.
 */
export async function prepareKpiDays(days: readonly string[], names: readonly string[] = dayCounterNames()): Promise<number> {
  let updates = 0;
  const parts = byDayPart(names);
  for (const day of days) {
    for (let shard = 0; shard < KPI_SHARDS; shard++) {
      for (const [part, partNames] of parts) for (let i = 0; i < partNames.length; i += PREPARE_CHUNK) {
        const chunk = partNames.slice(i, i + PREPARE_CHUNK);
        await dynamo().send(
          new UpdateCommand({
            TableName: table(),
            Key: { pk: kpiDayPk(shard), sk: dayPartSk(day, part) },
            UpdateExpression: `SET #entity = :entity, ${chunk.map((_, j) => `#c${j} = if_not_exists(#c${j}, :zero)`).join(', ')}`,
            ExpressionAttributeNames: { '#entity': 'entity', ...Object.fromEntries(chunk.map((name, j) => [`#c${j}`, name])) },
            ExpressionAttributeValues: { ':entity': KPI_ENTITY, ':zero': 0 },
          }),
        );
        updates++;
      }
    }
  }
  return updates;
}
