import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { dynamo } from './clients.js';
import { config } from '../config.js';

/**
 * Reads a write-sharded index newest-first as if it were one partition: each shard is queried
 * from where the previous page stopped in it, the results are merged by sort key, and the cursor
 * remembers, per shard, the last sort key handed out (or that the shard is exhausted).
 */
export const shardCursorSchema = z.array(z.union([z.string().max(300), z.null(), z.literal(false)]));
/** Per shard: null = not started, a sort key = continue after it, false = exhausted. */
export type ShardCursor = z.infer<typeof shardCursorSchema>;

export interface ShardedQuery {
  readonly indexName: string;
  readonly partitionKeyName: string;
  readonly sortKeyName: string;
  readonly partitionKeys: readonly string[];
  readonly limit: number;
  /** Oldest (smallest sort key) first, e.g. soonest due date; default newest first. */
  readonly ascending?: boolean;
  readonly filter?: {
    readonly expression: string;
    readonly names?: Record<string, string>;
    readonly values?: Record<string, unknown>;
  };
  /** Rebuilds the table key of an item from its index sort key, to resume a shard after it. */
  readonly tableKeyOf: (sortKey: string) => Record<string, string>;
}

// A filter can reject many items; bound the pages read per shard so one request stays cheap.
const MAX_PAGES_PER_SHARD = 5;

export async function queryShards(
  query: ShardedQuery,
  cursor: ShardCursor | undefined,
): Promise<{ items: Record<string, unknown>[]; cursor?: ShardCursor }> {
  const positions: ShardCursor = cursor && cursor.length === query.partitionKeys.length
    ? cursor
    : query.partitionKeys.map(() => null);

  const perShard = await Promise.all(
    query.partitionKeys.map((pk, shard) => readShard(query, pk, positions[shard] ?? null)),
  );

  const direction = query.ascending ? 1 : -1;
  const key = (item: Record<string, unknown>) => String(item[query.sortKeyName]);
  const candidates = perShard
    .flatMap((result, shard) => result.items.map((item) => ({ item, shard })))
    .sort((a, b) => direction * (key(a.item) < key(b.item) ? -1 : key(a.item) > key(b.item) ? 1 : 0));

  // A shard that stopped early (page bound) must not be overtaken by items of other shards that
  // come later in the order: only hand out items up to the point every unfinished shard reached.
  const reached = perShard
    .filter((r) => !r.exhausted)
    .map((r) => r.reachedSortKey)
    .filter((k): k is string => k !== undefined)
    .sort();
  const frontier = query.ascending ? reached.at(0) : reached.at(-1);
  const page = candidates
    .filter((c) => frontier === undefined || (query.ascending ? key(c.item) <= frontier : key(c.item) >= frontier))
    .slice(0, query.limit);

  const next: ShardCursor = positions.map((position, shard) => {
    const taken = page.filter((c) => c.shard === shard);
    const result = perShard[shard]!;
    if (position === false) return false;
    const allTaken = taken.length === result.items.length;
    if (allTaken && result.exhausted) return false;
    if (taken.length > 0) return String(taken.at(-1)!.item[query.sortKeyName]);
    if (result.items.length === 0 && result.reachedSortKey) return result.reachedSortKey;
    return position;
  });
  const done = next.every((p) => p === false);
  return { items: page.map((c) => c.item), ...(done ? {} : { cursor: next }) };
}

async function readShard(
  query: ShardedQuery,
  pk: string,
  position: string | null | false,
): Promise<{ items: Record<string, unknown>[]; exhausted: boolean; reachedSortKey?: string }> {
  if (position === false) return { items: [], exhausted: true };
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined = position
    ? { ...query.tableKeyOf(position), [query.partitionKeyName]: pk, [query.sortKeyName]: position }
    : undefined;
  for (let page = 0; page < MAX_PAGES_PER_SHARD && items.length < query.limit; page++) {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: config().TABLE_NAME,
        IndexName: query.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': query.partitionKeyName, ...query.filter?.names },
        ExpressionAttributeValues: { ':pk': pk, ...query.filter?.values },
        FilterExpression: query.filter?.expression,
        ScanIndexForward: query.ascending === true,
        Limit: query.limit,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
    if (!startKey) return { items, exhausted: true };
  }
  return { items, exhausted: false, reachedSortKey: startKey?.[query.sortKeyName] as string | undefined };
}
