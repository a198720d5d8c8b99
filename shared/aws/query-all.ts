import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients.js';

/** Every item a Query matches, following LastEvaluatedKey page after page. */
export async function queryAll(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The same, with the read units the pages cost (ReturnConsumedCapacity), for what reports its cost. */
export async function queryAllMetered(input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'ReturnConsumedCapacity'>): Promise<{ items: Record<string, unknown>[]; readUnits: number }> {
  const items: Record<string, unknown>[] = [];
  let readUnits = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ReturnConsumedCapacity: 'TOTAL', ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, readUnits };
}
