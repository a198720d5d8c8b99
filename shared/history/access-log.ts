import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { dynamo } from '../aws/clients.js';
import type { Actor } from '../cases/case-record.js';
import { casePk } from '../cases/case-keys.js';
import { config } from '../config.js';
import { memberPk } from '../members/member-keys.js';

export interface AccessRecord {
  readonly at: string;
  readonly actor: Actor;
  readonly what: 'case-view' | 'person-view';
}

const READ_PREFIX = 'READ#';
// Kept as long as the legal archive keeps the case: ten years.
const RETENTION_SECONDS = 10 * 365 * 24 * 3600;

/**
 * Who looked at a case, and when. Reads are not part of the hash chain: a view must never
 * contend with the writes of a case's lifecycle; each is its own append-only item.
 */
export async function recordRead(caseId: string, actor: Actor, at: Date): Promise<void> {
  await appendRead(casePk(caseId), actor, at, 'case-view');
}

/** Who opened a person's view (identity, coverages, every case): kept under the member, like a case's. */
export async function recordPersonRead(memberNumber: string, actor: Actor, at: Date): Promise<void> {
  await appendRead(memberPk(memberNumber), actor, at, 'person-view');
}

export async function recentPersonReads(memberNumber: string, limit = 100): Promise<AccessRecord[]> {
  return recentReadsOf(memberPk(memberNumber), limit);
}

async function appendRead(pk: string, actor: Actor, at: Date, what: AccessRecord['what']): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: config().TABLE_NAME,
      Item: {
        pk,
        sk: `${READ_PREFIX}${at.toISOString()}#${ulid(at.getTime())}`,
        entity: 'read',
        at: at.toISOString(),
        actor,
        what,
        expiresAt: Math.floor(at.getTime() / 1000) + RETENTION_SECONDS,
      },
    }),
  );
}

export async function recentReads(caseId: string, limit = 100): Promise<AccessRecord[]> {
  return recentReadsOf(casePk(caseId), limit);
}

async function recentReadsOf(pk: string, limit: number): Promise<AccessRecord[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': READ_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(({ at, actor, what }) => ({ at, actor, what }) as AccessRecord);
}
