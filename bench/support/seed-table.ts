// Seeding DynamoDB Local straight, for benches that need a large table quickly: items by batches
// of 25 on parallel writers, and dashboard counters where the write path would have left them.
import { BatchWriteCommand, NumberValue, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../shared/aws/clients.js';
import type { Counters } from '../../shared/dashboard/kpi-counters.js';
import { countersByDayPart, dayPartSk } from '../../shared/dashboard/kpi-day-layout.js';
import { KPI_ENTITY, KPI_NOW_SK, kpiDayPk, kpiNowPk } from '../../shared/dashboard/kpi-store.js';

/** Writes every item, retrying what DynamoDB leaves unprocessed, on `writers` batches at a time. */
export async function writeItems(table: string, items: readonly Record<string, unknown>[], writers = 8): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const writer = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
}

const putCounters = (table: string, pk: string, sk: string, counters: Counters) =>
  dynamo().send(new PutCommand({ TableName: table, Item: { pk, sk, entity: KPI_ENTITY, ...Object.fromEntries([...counters].map(([k, v]) => [k, NumberValue.from(v.toString())])) } }));

/** One shard's counters of the current state. */
export const putNowCounters = (table: string, shard: number, counters: Counters) => putCounters(table, kpiNowPk(shard), KPI_NOW_SK, counters);

/** One shard's counters of a day, in the parts the write path adds to (kpi-day-layout.ts). */
export async function putDayCounters(table: string, shard: number, day: string, counters: Counters): Promise<void> {
  for (const [part, partCounters] of countersByDayPart(counters)) await putCounters(table, kpiDayPk(shard), dayPartSk(day, part), partCounters);
}
