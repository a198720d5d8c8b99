import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';

export interface LocalQueueOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly name: string;
  /** How long a received message stays hidden before it is delivered again. */
  readonly visibilityTimeoutSeconds: number;
  /** Receipts after which a message goes to the dead-letter queue instead (the redrive policy). */
  readonly maxReceiveCount: number;
  readonly deadLetterQueueName: string;
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly sentAt: number;
  readonly firstReceivedAt: number;
}

interface MessageItem {
  readonly pk: string;
  readonly queue: string;
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  readonly visibleAt: number;
  readonly receiveCount: number;
  readonly firstReceivedAt?: number;
  readonly receiptHandle?: string;
  readonly gsi1sk: string;
}

// Messages are items of the project's table, one partition each; the queue's index partition
// orders them by the time they become visible, so a receive is one Query of the oldest visible.
const messagePk = (queue: string, messageId: string) => `SQSMSG#${queue}#${messageId}`;
const queueIndexPk = (queue: string) => `SQSQUEUE#${queue}`;
// Fixed width, so that the string order of the index is the order of the times.
const visibleKey = (visibleAt: number, messageId: string) => `${String(visibleAt).padStart(15, '0')}#${messageId}`;

/**
 * SQS standard-queue semantics on DynamoDB Local, so that `kill -9` of npm start loses nothing:
 * at-least-once delivery, a visibility timeout after each receipt (a consumer that dies or fails
 * leaves the message to come back), receipt handles that only the latest receiver may delete
 * with, and a redrive to a dead-letter queue after `maxReceiveCount` receipts.
 */
export class LocalQueue {
  private readonly client: DynamoDBDocumentClient;

  constructor(private readonly options: LocalQueueOptions) {
    this.client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: options.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
  }

  get name(): string {
    return this.options.name;
  }

  async send(body: string, queue = this.options.name): Promise<string> {
    const messageId = ulid();
    const at = Date.now();
    const item: MessageItem = {
      pk: messagePk(queue, messageId),
      queue,
      messageId,
      body,
      sentAt: at,
      visibleAt: at,
      receiveCount: 0,
      gsi1sk: visibleKey(at, messageId),
    };
    await this.client.send(
      new PutCommand({ TableName: this.options.tableName, Item: { ...item, sk: 'MESSAGE', entity: 'sqs-message', gsi1pk: queueIndexPk(queue) } }),
    );
    return messageId;
  }

  /** Up to `max` visible messages, oldest first, each hidden for the visibility timeout. */
  async receive(max: number, visibilityTimeoutSeconds = this.options.visibilityTimeoutSeconds): Promise<ReceivedMessage[]> {
    const at = Date.now();
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': queueIndexPk(this.options.name), ':now': visibleKey(at, '~') },
        Limit: max,
      }),
    );
    const received: ReceivedMessage[] = [];
    for (const item of Items as MessageItem[]) {
      if (item.receiveCount >= this.options.maxReceiveCount) {
        await this.redrive(item);
        continue;
      }
      const receiptHandle = `${item.messageId}.${randomBytes(12).toString('base64url')}`;
      const visibleAt = at + visibilityTimeoutSeconds * 1000;
      try {
        // Taken only if no other receiver took it since the index was read.
        await this.client.send(
          new UpdateCommand({
            TableName: this.options.tableName,
            Key: { pk: item.pk, sk: 'MESSAGE' },
            UpdateExpression: 'SET visibleAt = :v, gsi1sk = :k, receiptHandle = :h, receiveCount = receiveCount + :one, firstReceivedAt = if_not_exists(firstReceivedAt, :at)',
            ConditionExpression: 'gsi1sk = :seen',
            ExpressionAttributeValues: { ':v': visibleAt, ':k': visibleKey(visibleAt, item.messageId), ':h': receiptHandle, ':one': 1, ':at': at, ':seen': item.gsi1sk },
          }),
        );
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') continue;
        throw error;
      }
      received.push({
        messageId: item.messageId,
        receiptHandle,
        body: item.body,
        receiveCount: item.receiveCount + 1,
        sentAt: item.sentAt,
        firstReceivedAt: item.firstReceivedAt ?? at,
      });
    }
    return received;
  }

  /** Deletes a message, if the handle is its latest receipt (an older one deletes nothing, as in SQS). */
  async delete(receiptHandle: string): Promise<void> {
    const messageId = receiptHandle.split('.')[0] ?? '';
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.options.tableName,
          Key: { pk: messagePk(this.options.name, messageId), sk: 'MESSAGE' },
          ConditionExpression: 'receiptHandle = :h',
          ExpressionAttributeValues: { ':h': receiptHandle },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /** Makes a received message visible again after `seconds` (0: at once). */
  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    const messageId = receiptHandle.split('.')[0] ?? '';
    const visibleAt = Date.now() + seconds * 1000;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: { pk: messagePk(this.options.name, messageId), sk: 'MESSAGE' },
          UpdateExpression: 'SET visibleAt = :v, gsi1sk = :k',
          ConditionExpression: 'receiptHandle = :h',
          ExpressionAttributeValues: { ':v': visibleAt, ':k': visibleKey(visibleAt, messageId), ':h': receiptHandle },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /** SQS's approximate counts, exact here; and the age of the oldest message, as CloudWatch shows it. */
  async attributes(queue = this.options.name): Promise<{ visible: number; inFlight: number; oldestAgeSeconds: number }> {
    const at = Date.now();
    let visible = 0;
    let inFlight = 0;
    let oldest = at;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': queueIndexPk(queue) },
          ProjectionExpression: 'visibleAt, sentAt',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if ((item.visibleAt as number) <= at) visible++;
        else inFlight++;
        oldest = Math.min(oldest, item.sentAt as number);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return { visible, inFlight, oldestAgeSeconds: Math.floor((at - oldest) / 1000) };
  }

  deadLetterAttributes() {
    return this.attributes(this.options.deadLetterQueueName);
  }

  /** The dead-letter queue as a queue of its own (for its URL in the emulator); it redrives nowhere. */
  deadLetterQueue(): LocalQueue {
    const name = this.options.deadLetterQueueName;
    return new LocalQueue({ ...this.options, name, deadLetterQueueName: name, maxReceiveCount: Number.POSITIVE_INFINITY });
  }

  private async redrive(item: MessageItem): Promise<void> {
    const dlq = this.options.deadLetterQueueName;
    const at = Date.now();
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.options.tableName, Key: { pk: item.pk, sk: 'MESSAGE' }, ConditionExpression: 'gsi1sk = :seen', ExpressionAttributeValues: { ':seen': item.gsi1sk } } },
            {
              Put: {
                TableName: this.options.tableName,
                Item: {
                  pk: messagePk(dlq, item.messageId), sk: 'MESSAGE', entity: 'sqs-message', queue: dlq, messageId: item.messageId,
                  body: item.body, sentAt: item.sentAt, visibleAt: at, receiveCount: item.receiveCount,
                  gsi1pk: queueIndexPk(dlq), gsi1sk: visibleKey(at, item.messageId),
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
    }
  }
}
