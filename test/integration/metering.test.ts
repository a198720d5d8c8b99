import { randomUUID } from 'node:crypto';
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { addCapacityMetering } from '#shared/metering/dynamodb-capacity.js';
import { startMetering, stopMetering, type Meter } from '#shared/metering/meter.js';

// The cost bench's DynamoDB counting against the real DynamoDB Local: what it reports, and how
// transactions are priced from their items instead (shared/metering/dynamodb-capacity.ts). If a
// new DynamoDB Local reports transactions differently, this is where it shows.
const connection = { endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const client = new DynamoDBClient(connection);
const inspector = new DynamoDBClient(connection);
addCapacityMetering(client, inspector);
const documents = DynamoDBDocumentClient.from(client);
const TABLE = 'dossier';
const written: { pk: string; sk: string }[] = [];
let meter: Meter;

const units = (metric: string) => meter.snapshot().filter((u) => u.service === 'dynamodb' && u.metric === metric).reduce((sum, u) => sum + u.quantity, 0);
const key = (sk: string) => {
  const k = { pk: `METERTEST#${randomUUID()}`, sk };
  written.push(k);
  return k;
};

beforeEach(() => {
  meter = startMetering({ correctDynamoDbLocalTransactions: true });
});

afterAll(async () => {
  stopMetering();
  for (const k of written) await documents.send(new DeleteCommand({ TableName: TABLE, Key: k }));
  client.destroy();
  inspector.destroy();
});

describe('DynamoDB request units counted for the cost bench', () => {
  it('counts a small write with two index copies as three write units, and an eventually consistent read as half a unit', async () => {
    const item = key('ITEM');
    await documents.send(new PutCommand({ TableName: TABLE, Item: { ...item, gsi1pk: 'METERTEST', gsi1sk: item.pk, gsi2pk: 'METERTEST', gsi2sk: item.pk } }));
    await documents.send(new GetCommand({ TableName: TABLE, Key: item }));
    expect(units('write request units')).toBe(3);
    expect(units('write units to index copies')).toBe(2);
    expect(units('read request units')).toBe(0.5);
    expect(units('PutItem requests')).toBe(1);
  });

  it('is needed for transactions: DynamoDB Local reports three small writes as if they were one', async () => {
    const plain = new DynamoDBClient(connection);
    const reported = await plain.send(
      new TransactWriteItemsCommand({
        TransactItems: ['X', 'Y', 'Z'].map((sk) => ({ Put: { TableName: TABLE, Item: { pk: { S: key(sk).pk }, sk: { S: sk } } } })),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    plain.destroy();
    // AWS bills 6 (2 per item under 1 KB); DynamoDB Local 1.25 says 4 whatever the number of items.
    expect(reported.ConsumedCapacity?.[0]?.WriteCapacityUnits).toBe(4);
  });

  it('bills a transaction as AWS does: 2 units per small item written or checked', async () => {
    const checked = key('CHECKED');
    await documents.send(new PutCommand({ TableName: TABLE, Item: checked }));
    meter.reset();
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: key('A') } },
          { Put: { TableName: TABLE, Item: key('B') } },
          { ConditionCheck: { TableName: TABLE, Key: checked, ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
    expect(units('write request units')).toBe(6);
  });

  it('bills a refused conditional write one unit, and says so', async () => {
    const item = key('ONCE');
    await documents.send(new PutCommand({ TableName: TABLE, Item: item }));
    meter.reset();
    await expect(documents.send(new PutCommand({ TableName: TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }))).rejects.toThrow();
    expect(units('write request units')).toBe(1);
    expect(units('failed conditional writes')).toBe(1);
  });

  it('counts nothing once the meter is off, though the middleware stays on the client', async () => {
    stopMetering();
    const idle = meter;
    await documents.send(new PutCommand({ TableName: TABLE, Item: key('UNCOUNTED') }));
    expect(idle.snapshot()).toEqual([]);
  });
});
