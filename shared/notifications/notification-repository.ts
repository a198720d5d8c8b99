import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { dynamo } from '../aws/clients.js';
import { queryShards, type ShardCursor } from '../aws/sharded-query.js';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import { listingShard } from '../cases/case-keys.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { config } from '../config.js';
import type { TemplateId } from './render.js';

// Key layout (docs/data-model.md): one item per notification, keyed by its id so that writing
// it twice is impossible (the id is a hash of the occurrence, the recipient and the channel).
//   pk NOTIFICATION#<id> / sk NOTIFICATION
//   portal: gsi1 NOTIFY#<recipient's user id> / <createdAt>#<id>   a person's in-portal list
//   e-mail: gsi2 EMAILS#<shard> / <createdAt>#<id>                  every e-mail, newest first
export const notificationPk = (id: string) => `NOTIFICATION#${id}`;
export const NOTIFICATION_SK = 'NOTIFICATION';
export const inboxIndexPk = (userId: string) => `NOTIFY#${userId}`;
export const emailIndexPk = (shard: number) => `EMAILS#${shard}`;
const timeSk = (createdAt: string, id: string) => `${createdAt}#${id}`;

export type Channel = 'portal' | 'email';
export type RecipientRole = 'claimant' | 'assignee' | 'supervisor';

/** Stable for one business occurrence, one recipient, one channel: a retried event finds it taken. */
export function notificationId(eventType: string, occurrence: string, recipientKey: string, channel: Channel): string {
  return createHash('sha256').update([eventType, occurrence, recipientKey, channel].join('\u0000')).digest('hex').slice(0, 32);
}

interface NotificationBase {
  readonly notificationId: string;
  readonly caseId: string;
  readonly template: TemplateId;
  readonly recipientRole: RecipientRole;
  readonly language: string;
  readonly subject: string;
  readonly text: string;
  readonly link: string;
  readonly createdAt: string;
}

export interface PortalNotification extends NotificationBase {
  readonly channel: 'portal';
  readonly recipientId: string;
  readonly readAt?: string;
}

export interface EmailNotification extends NotificationBase {
  readonly channel: 'email';
  readonly to: string;
  readonly deliveryStatus: 'pending' | 'sent';
  /** While set and in the future, one delivery attempt holds the right to send. */
  readonly sendingUntil?: string;
  readonly sentAt?: string;
}

export type NotificationRecord = PortalNotification | EmailNotification;

const table = () => config().TABLE_NAME;

function toItem(record: NotificationRecord): Record<string, unknown> {
  const indexes =
    record.channel === 'portal'
      ? { gsi1pk: inboxIndexPk(record.recipientId), gsi1sk: timeSk(record.createdAt, record.notificationId) }
      : { gsi2pk: emailIndexPk(listingShard(record.notificationId)), gsi2sk: timeSk(record.createdAt, record.notificationId) };
  return { pk: notificationPk(record.notificationId), sk: NOTIFICATION_SK, entity: 'notification', ...record, ...indexes };
}

function toRecord(item: Record<string, unknown>): NotificationRecord {
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...record } = item;
  return record as unknown as NotificationRecord;
}

/** The write that creates a notification, for the transaction that records it in the case history. */
export function newNotificationWrite(record: NotificationRecord): LinkedWrite {
  return { Put: { TableName: table(), Item: toItem(record), ConditionExpression: 'attribute_not_exists(pk)' } };
}

export async function getNotification(id: string): Promise<NotificationRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { pk: notificationPk(id), sk: NOTIFICATION_SK }, ConsistentRead: true }),
  );
  return Item ? toRecord(Item) : undefined;
}

/**
 * Takes the right to send a pending e-mail until `until`, if nobody holds it (or their hold has
 * lapsed): two deliveries of the same event never both call SES. False when someone holds it.
 */
export async function holdEmail(id: string, seenUntil: string | undefined, until: string): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: notificationPk(id), sk: NOTIFICATION_SK },
        UpdateExpression: 'SET sendingUntil = :until',
        ConditionExpression: seenUntil === undefined
          ? 'deliveryStatus = :pending AND attribute_not_exists(sendingUntil)'
          : 'deliveryStatus = :pending AND sendingUntil = :seen',
        ExpressionAttributeValues: { ':until': until, ':pending': 'pending', ...(seenUntil === undefined ? {} : { ':seen': seenUntil }) },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Gives the hold back after a failed send, so that the retry may send at once. */
export async function releaseEmail(id: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: notificationPk(id), sk: NOTIFICATION_SK },
      UpdateExpression: 'REMOVE sendingUntil',
      ConditionExpression: 'deliveryStatus = :pending',
      ExpressionAttributeValues: { ':pending': 'pending' },
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  });
}

export async function markEmailSent(id: string, sentAt: string): Promise<void> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: notificationPk(id), sk: NOTIFICATION_SK },
        UpdateExpression: 'SET deliveryStatus = :sent, sentAt = :at REMOVE sendingUntil',
        ConditionExpression: 'deliveryStatus = :pending',
        ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':at': sentAt },
      }),
    );
  } catch (error) {
    // Already marked: nothing left to do.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export const inboxCursorSchema = z.strictObject({ pk: z.string().max(300), sk: z.string().max(300), gsi1pk: z.string().max(300), gsi1sk: z.string().max(300) });
export type InboxCursor = z.infer<typeof inboxCursorSchema>;

/** One person's in-portal notifications, newest first. */
export async function inboxPage(
  userId: string,
  limit: number,
  start: InboxCursor | undefined,
): Promise<{ items: PortalNotification[]; lastKey?: InboxCursor }> {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': inboxIndexPk(userId) },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => toRecord(item) as PortalNotification),
    ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as InboxCursor } : {}),
  };
}

/** Marks one of the recipient's notifications read; undefined when it is not theirs (or none). */
export async function markRead(id: string, recipientId: string, at: string): Promise<PortalNotification | undefined> {
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: notificationPk(id), sk: NOTIFICATION_SK },
        // Reading twice keeps the first time.
        UpdateExpression: 'SET readAt = if_not_exists(readAt, :at)',
        ConditionExpression: 'attribute_exists(pk) AND channel = :portal AND recipientId = :me',
        ExpressionAttributeValues: { ':at': at, ':portal': 'portal', ':me': recipientId },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? (toRecord(Attributes) as PortalNotification) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Every e-mail, newest first, across the write shards (the local outbox reads this). */
export async function emailPage(limit: number, cursor?: ShardCursor): Promise<{ items: EmailNotification[]; cursor?: ShardCursor }> {
  const page = await queryShards(
    {
      indexName: 'gsi2',
      partitionKeyName: 'gsi2pk',
      sortKeyName: 'gsi2sk',
      partitionKeys: Array.from({ length: LISTING_SHARDS }, (_, shard) => emailIndexPk(shard)),
      limit,
      tableKeyOf: (sortKey) => ({ pk: notificationPk(sortKey.slice(sortKey.lastIndexOf('#') + 1)), sk: NOTIFICATION_SK }),
    },
    cursor,
  );
  return { items: page.items.map((item) => toRecord(item) as EmailNotification), ...(page.cursor ? { cursor: page.cursor } : {}) };
}
