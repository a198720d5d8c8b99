import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { authorize, limitedToOwnCases } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { dynamo } from '../aws/clients.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../aws/cursor.js';
import { queryShards, shardCursorSchema } from '../aws/sharded-query.js';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import { config } from '../config.js';
import { toListItem, type CaseListItem, type CaseRecord } from './case-record.js';
import { allCasesIndexPk, CASE_SK, casePk, listingSk, ownerIndexPk, statusIndexPk } from './case-keys.js';
import { forbidden } from '../errors.js';
import { casesByIds, tasksAssignedTo } from '../tasks/task-repository.js';
import { normaliseSearch } from './search-text.js';
import { awaitsWork } from '../tasks/task-record.js';

export const caseListQuery = z.strictObject({
  status: z.string().regex(/^[a-z-]{1,40}$/, 'must be a case status').optional(),
  type: z.string().regex(/^[a-z0-9-]{1,60}$/, 'must be a case type id').optional(),
  q: z.string().trim().min(1).max(100).optional(),
  assignee: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
export type CaseListQuery = z.output<typeof caseListQuery>;

export interface CaseListPage {
  readonly items: CaseListItem[];
  readonly cursor?: string;
}

const ownerCursor = z.strictObject({ pk: z.string().max(300), sk: z.literal(CASE_SK), gsi1pk: z.string().max(300), gsi1sk: z.string().max(300) });

export async function listCases(principal: Principal, query: CaseListQuery): Promise<CaseListPage> {
  authorize(principal, 'case:list');
  if (limitedToOwnCases(principal, 'case:list')) {
    // Who works on a case is the staff's business, not a filter of the claimant's own list.
    if (query.assignee) throw forbidden('Only staff can filter cases by assignee');
    return listOwnCases(principal, query);
  }
  if (query.assignee) return listCasesOfAssignee(query as CaseListQuery & { assignee: string });
  return listAllCases(query);
}

/** At most this many of a person's open tasks are looked at (an in-basket, not an archive). */
const ASSIGNEE_TASKS_READ = 1_000;
const assigneeCursor = z.strictObject({ before: z.string().max(300) });

/**
 * The cases on which a person holds an open task, newest first: read from their tasks (the
 * assignee index, as their in-basket is) and the cases behind them, rather than kept on the case
 * item, which would cost a rewrite of the case and its index copies at every claim and hand-over.
 */
async function listCasesOfAssignee(query: CaseListQuery & { assignee: string }): Promise<CaseListPage> {
  const after = decodeCursor(query.cursor, assigneeCursor);
  const caseIds = new Set<string>();
  let startKey: Record<string, unknown> | undefined;
  let read = 0;
  do {
    const page = await tasksAssignedTo(query.assignee, 100, startKey);
    for (const task of page.tasks) if (awaitsWork(task)) caseIds.add(task.caseId);
    read += page.tasks.length;
    startKey = page.lastKey;
  } while (startKey && read < ASSIGNEE_TASKS_READ);
  const q = query.q ? normaliseSearch(query.q) : undefined;
  const matching = [...(await casesByIds([...caseIds])).values()]
    .filter((c) => (!query.status || c.status === query.status) && (!query.type || c.type === query.type))
    .filter((c) => !q || String((c as { searchText?: string }).searchText ?? '').includes(q))
    .map((c) => ({ record: c, sortKey: listingSk(c.createdAt, c.caseId) }))
    .filter((c) => !after || c.sortKey < after.before)
    .sort((a, b) => b.sortKey.localeCompare(a.sortKey));
  const page = matching.slice(0, query.limit);
  const more = matching.length > page.length;
  return {
    items: page.map((c) => toListItem(c.record)),
    ...(more ? { cursor: encodeCursor({ before: page.at(-1)!.sortKey }) } : {}),
  };
}

// A claimant's cases are one partition of the owner index: the filters apply within it.
async function listOwnCases(principal: Principal, query: CaseListQuery): Promise<CaseListPage> {
  const filter = buildFilter(query);
  const ownerPk = ownerIndexPk(principal.userId);
  const startKey = decodeCursor(query.cursor, ownerCursor);
  // A cursor is only good for the partition it came from: another owner's is a bad cursor.
  if (startKey && startKey.gsi1pk !== ownerPk) throw invalidCursor();
  const result = await dynamo().send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :owner',
      ExpressionAttributeValues: { ':owner': ownerPk, ...filter?.values },
      ExpressionAttributeNames: filter?.names,
      FilterExpression: filter?.expression,
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: startKey,
    }),
  );
  const start = result.LastEvaluatedKey;
  return {
    items: (result.Items ?? []).map((i) => toListItem(i as unknown as CaseRecord)),
    ...(start ? { cursor: encodeCursor(start) } : {}),
  };
}

async function listAllCases(query: CaseListQuery): Promise<CaseListPage> {
  const byStatus = query.status !== undefined;
  const shards = Array.from({ length: LISTING_SHARDS }, (_, s) => s);
  const { status: _status, ...rest } = query;
  const filter = buildFilter(rest);
  const result = await queryShards(
    {
      indexName: byStatus ? 'gsi3' : 'gsi2',
      partitionKeyName: byStatus ? 'gsi3pk' : 'gsi2pk',
      sortKeyName: byStatus ? 'gsi3sk' : 'gsi2sk',
      partitionKeys: shards.map((s) => (byStatus ? statusIndexPk(query.status!, s) : allCasesIndexPk(s))),
      limit: query.limit,
      filter,
      tableKeyOf: (sortKey) => ({ pk: casePk(sortKey.slice(sortKey.lastIndexOf('#') + 1)), sk: CASE_SK }),
    },
    decodeCursor(query.cursor, shardCursorSchema),
  );
  return {
    items: result.items.map((i) => toListItem(i as unknown as CaseRecord)),
    ...(result.cursor ? { cursor: encodeCursor(result.cursor) } : {}),
  };
}

function buildFilter(query: Partial<CaseListQuery>) {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (query.status) {
    clauses.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = query.status;
  }
  if (query.type) {
    clauses.push('#type = :type');
    names['#type'] = 'type';
    values[':type'] = query.type;
  }
  if (query.q) {
    clauses.push('contains(searchText, :q)');
    values[':q'] = normaliseSearch(query.q);
  }
  if (clauses.length === 0) return undefined;
  return { expression: clauses.join(' AND '), names: Object.keys(names).length ? names : undefined, values };
}
