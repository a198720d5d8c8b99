import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import { dynamo } from './clients.js';

/** Every item of `keys` that exists in the table, 100 keys a request, asking again for unprocessed ones. */
export async function batchGetAll(keys: readonly Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  const table = config().TABLE_NAME;
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    // BatchGet may leave keys unprocessed under load: ask again for those.
    for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
      const result = await dynamo().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }));
      items.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
      if (pending?.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
  return items;
}
