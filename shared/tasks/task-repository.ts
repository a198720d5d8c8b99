import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../aws/batch-get-all.js';
import { dynamo } from '../aws/clients.js';
import { queryAll, queryAllMetered } from '../aws/query-all.js';
import { queryShards, type ShardCursor } from '../aws/sharded-query.js';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import type { CaseRecord } from '../cases/case-record.js';
import { CASE_SK, casePk } from '../cases/case-keys.js';
import { config } from '../config.js';
import type { TaskRecord } from './task-record.js';
import { assigneeIndexPk, caseTasksIndexPk, dueSk, queueIndexPk, TASK_SK, taskPk, taskShard } from './task-keys.js';

const table = () => config().TABLE_NAME;

/**
 * The index attributes follow the task's state, which keeps the in-basket indexes sparse: an
 * unassigned open task is in its role's queue, an assigned one in its assignee's basket, and a
 * finished one in neither (only in its case's list).
 */
export function taskItem(task: TaskRecord): Record<string, unknown> {
  const sk = dueSk(task.dueAt, task.taskId);
  const active = task.status === 'open' || task.status === 'assigned' || task.status === 'completing';
  return {
    pk: taskPk(task.taskId),
    sk: TASK_SK,
    entity: 'task',
    ...task,
    ...(active && task.assignee ? { gsi1pk: assigneeIndexPk(task.assignee), gsi1sk: sk } : {}),
    ...(active && !task.assignee ? { gsi2pk: queueIndexPk(task.queue, taskShard(task.taskId)), gsi2sk: sk } : {}),
    gsi3pk: caseTasksIndexPk(task.caseId),
    gsi3sk: `${task.createdAt}#${task.taskId}`,
  };
}

function toTask(item: Record<string, unknown>): TaskRecord {
  const { pk: _a, sk: _b, entity: _c, gsi1pk: _d, gsi1sk: _e, gsi2pk: _f, gsi2sk: _g, gsi3pk: _h, gsi3sk: _i, ...task } = item;
  return task as unknown as TaskRecord;
}

/** A new task, written only if no task with its id exists (retried creations find the first). */
export function newTaskWrite(task: TaskRecord): LinkedWrite {
  return { Put: { TableName: table(), Item: taskItem(task), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Replaces a task, only if nobody changed it since `expectedVersion` was read. */
export function taskUpdateWrite(task: TaskRecord, expectedVersion: number): LinkedWrite {
  return {
    Put: {
      TableName: table(),
      Item: taskItem(task),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  };
}

export async function getTask(taskId: string): Promise<TaskRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { pk: taskPk(taskId), sk: TASK_SK }, ConsistentRead: true }),
  );
  return Item ? toTask(Item) : undefined;
}

export async function tasksOfCase(caseId: string): Promise<TaskRecord[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk',
    ExpressionAttributeValues: { ':pk': caseTasksIndexPk(caseId) },
  });
  return items.map(toTask);
}

export async function tasksAssignedTo(
  username: string,
  limit: number,
  startKey: Record<string, unknown> | undefined,
): Promise<{ tasks: TaskRecord[]; lastKey?: Record<string, unknown> }> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': assigneeIndexPk(username) },
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { tasks: (page.Items ?? []).map(toTask), ...(page.LastEvaluatedKey ? { lastKey: page.LastEvaluatedKey } : {}) };
}

export async function tasksInQueue(
  queue: string,
  limit: number,
  cursor: ShardCursor | undefined,
): Promise<{ tasks: TaskRecord[]; cursor?: ShardCursor }> {
  const result = await queryShards(
    {
      indexName: 'gsi2',
      partitionKeyName: 'gsi2pk',
      sortKeyName: 'gsi2sk',
      partitionKeys: Array.from({ length: LISTING_SHARDS }, (_, s) => queueIndexPk(queue, s)),
      limit,
      ascending: true,
      tableKeyOf: (sortKey) => ({ pk: taskPk(sortKey.slice(sortKey.lastIndexOf('#') + 1)), sk: TASK_SK }),
    },
    cursor,
  );
  return { tasks: result.items.map(toTask), ...(result.cursor ? { cursor: result.cursor } : {}) };
}

/** The cases behind a page of tasks, in one round trip, for the summary each in-basket row shows. */
export async function casesByIds(caseIds: readonly string[]): Promise<Map<string, CaseRecord>> {
  const keys = [...new Set(caseIds)].map((id) => ({ pk: casePk(id), sk: CASE_SK }));
  return new Map((await batchGetAll(keys)).map((item) => [item.caseId as string, item as unknown as CaseRecord]));
}

/**
 * The due dates of the tasks a person holds (their basket, read from its index keys alone): how
 * many, and how pressing. Bounded by their capacity, so it costs the same whatever the backlog.
 */
export async function heldTasks(username: string): Promise<{ dueDates: string[]; readUnits: number }> {
  const { items, readUnits } = await queryAllMetered({
    TableName: table(),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': assigneeIndexPk(username) },
    ProjectionExpression: 'gsi1sk',
  });
  // The index sort key is `<dueAt>#<taskId>`.
  return { dueDates: items.map((item) => String(item.gsi1sk).slice(0, String(item.gsi1sk).lastIndexOf('#'))), readUnits };
}

export const heldTaskDueDates = async (username: string) => (await heldTasks(username)).dueDates;
