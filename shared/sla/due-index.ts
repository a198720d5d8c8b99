import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import { casePk, listingShard } from '../cases/case-keys.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { config } from '../config.js';

// The index of things that fall due: one small entry per clock or timer that has a next moment to
// be looked at, under its case, and in the sparse, write-sharded gsi1 partition `DUE#<shard>`
// sorted by that moment. The deadline checker Queries each shard up to "now" (never a Scan), so
// its cost follows what is due, not the number of cases. An entry that has nothing left to wait
// for is deleted; a paused clock has no entry.

/** What an entry stands for: the case's own clock, a task's clock, or the claimant-wait timer. */
export type DueSubject = 'case' | 'claimant-wait' | `task#${string}`;

export interface DueEntry {
  readonly caseId: string;
  readonly subject: DueSubject;
  readonly dueAt: string;
}

const DUE_PREFIX = 'DUE#';
const dueIndexPk = (shard: number) => `DUE#${shard}`;
const dueSk = (subject: DueSubject) => `${DUE_PREFIX}${subject}`;
const table = () => config().TABLE_NAME;

/**
 * What a write expects of the entry. The due time the writer read makes the checker's actions
 * once-only: of two overlapping runs acting on the same entry, the second finds it moved and
 * writes nothing. `absent` / `present` let exactly one writer open or close a wait.
 */
export type DueGuard = { readonly seen: string } | 'absent' | 'present' | undefined;

/** Sets (or moves) an entry. */
export function dueEntryPut(entry: DueEntry, guard?: DueGuard): LinkedWrite {
  return {
    Put: {
      TableName: table(),
      Item: {
        pk: casePk(entry.caseId),
        sk: dueSk(entry.subject),
        entity: 'due',
        ...entry,
        gsi1pk: dueIndexPk(listingShard(entry.caseId)),
        gsi1sk: `${entry.dueAt}#${entry.caseId}#${entry.subject}`,
      },
      ...condition(guard),
    },
  };
}

export function dueEntryDelete(caseId: string, subject: DueSubject, guard?: DueGuard): LinkedWrite {
  return { Delete: { TableName: table(), Key: { pk: casePk(caseId), sk: dueSk(subject) }, ...condition(guard) } };
}

/** Puts the entry when there is a next moment, deletes it otherwise. */
export function dueEntryWrite(caseId: string, subject: DueSubject, dueAt: string | undefined, guard?: DueGuard): LinkedWrite {
  return dueAt ? dueEntryPut({ caseId, subject, dueAt }, guard) : dueEntryDelete(caseId, subject, guard);
}

function condition(guard: DueGuard) {
  if (guard === undefined) return {};
  if (guard === 'absent') return { ConditionExpression: 'attribute_not_exists(pk)' };
  if (guard === 'present') return { ConditionExpression: 'attribute_exists(pk)' };
  return { ConditionExpression: 'dueAt = :seen', ExpressionAttributeValues: { ':seen': guard.seen } };
}

/** Entries due at or before `until`, soonest first, at most `limit` per shard. */
export async function dueEntries(until: Date, limit = 100): Promise<DueEntry[]> {
  const shards = await Promise.all(
    Array.from({ length: LISTING_SHARDS }, (_, shard) =>
      dynamo().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :until',
          // '~' sorts after every character of a case id: all entries of that instant are in.
          ExpressionAttributeValues: { ':pk': dueIndexPk(shard), ':until': `${until.toISOString()}~` },
          Limit: limit,
        }),
      ),
    ),
  );
  return shards
    .flatMap((page) => page.Items ?? [])
    .map((item) => ({ caseId: item.caseId as string, subject: item.subject as DueSubject, dueAt: item.dueAt as string }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
