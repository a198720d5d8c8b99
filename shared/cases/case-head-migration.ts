import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { config } from '../config.js';
import type { HistoryEntry } from '../history/chain.js';
import { CASE_HEAD_SK, CASE_SK, casePk, historySk } from './case-keys.js';

// Moves the chain head of cases written before the head item (docs/data-model.md) out of their
// case item: the case item gives up `historySeq` and `historyHead`, a `CASE#HEAD` item takes them,
// and entries still carried in the item (a declaration not yet registered) become entries of their
// own, all in one transaction per case, guarded on the head as read. The code reads both layouts
// and moves a case over at its next change anyway; this command does it for every case at once,
// so that the old layout can be forgotten. Writes no history entry: nothing about the case changes.

export interface HeadMigrationReport {
  /** Case items still holding their chain head when read. */
  readonly found: number;
  readonly migrated: number;
  /** Changed by someone else between the read and the write, which moved them over already. */
  readonly movedMeanwhile: number;
}

export async function migrateCaseHeads(): Promise<HeadMigrationReport> {
  const table = config().TABLE_NAME;
  let found = 0;
  let migrated = 0;
  let movedMeanwhile = 0;
  let start: Record<string, unknown> | undefined;
  do {
    // A one-off operator command: a Scan, filtered to the case items in the old layout.
    const page = await dynamo().send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'sk = :case AND attribute_exists(historySeq)',
        ExpressionAttributeValues: { ':case': CASE_SK },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      found++;
      if (await migrateOne(table, item)) migrated++;
      else movedMeanwhile++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { found, migrated, movedMeanwhile };
}

async function migrateOne(table: string, item: Record<string, unknown>): Promise<boolean> {
  const caseId = item.caseId as string;
  const pending = (item.pendingHistory as HistoryEntry[] | undefined) ?? [];
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { pk: casePk(caseId), sk: CASE_SK },
              UpdateExpression: `SET itemSeq = :seq REMOVE historySeq, historyHead${pending.length ? ', pendingHistory' : ''}`,
              ConditionExpression: 'historySeq = :seq AND historyHead = :head',
              ExpressionAttributeValues: { ':seq': item.historySeq, ':head': item.historyHead },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { pk: casePk(caseId), sk: CASE_HEAD_SK, entity: 'case-head', caseId, historySeq: item.historySeq, historyHead: item.historyHead, updatedAt: item.updatedAt },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...pending.map((entry) => ({
            Put: {
              TableName: table,
              Item: { pk: casePk(caseId), sk: historySk(entry.seq), entity: 'history', caseId, ...entry },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}
