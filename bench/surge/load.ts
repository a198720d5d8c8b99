// The surge bench's load generator, run as a process of its own: the clients are not the system
// under test, so they do not share the local runtime's event loop (in AWS they are the claimants'
// browsers). Both kinds of load come from here, with the same number of concurrent requests:
//   raw-put <n>      PutItem of a case-sized item straight into DynamoDB Local
//   raw-tx <n>       the same, as 5-item TransactWriteItems
//   declare <n>      POST /api/cases through the local runtime (gateway → handler → DynamoDB → queue)
// It prints one JSON line: the rate (measured from the first request to the last answer, so the
// process's own start is not counted), and for `declare` the case ids of the 202s and the latencies.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import * as z from 'zod';
import { declaration } from './declaration.js';

const settings = z
  .object({
    SURGE_URL: z.string().url(),
    SURGE_TOKEN: z.string().min(1),
    SURGE_DYNAMODB: z.string().url(),
    SURGE_TABLE: z.string().min(1),
    SURGE_CONNECTIONS: z.coerce.number().int().min(1),
  })
  .parse(process.env);
const [mode, amountArg] = process.argv.slice(2);
const amount = Number(amountArg);
if (!['raw-put', 'raw-tx', 'declare'].includes(mode ?? '') || !Number.isInteger(amount) || amount < 1) {
  throw new Error('usage: load.ts raw-put|raw-tx|declare <amount>');
}

const dynamodb = new DynamoDBClient({ endpoint: settings.SURGE_DYNAMODB, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** `amount` operations, SURGE_CONNECTIONS at a time; returns operations per second. */
async function concurrently(operation: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: settings.SURGE_CONNECTIONS }, async () => {
      while (next < amount) {
        next++;
        await operation();
      }
    }),
  );
  return amount / ((performance.now() - start) / 1000);
}

async function rawPuts(): Promise<number> {
  // About the size of a stored case item.
  const payload = declaration(0).repeat(2);
  return concurrently(() =>
    dynamodb.send(new PutItemCommand({ TableName: settings.SURGE_TABLE, Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: 'RAW' }, payload: { S: payload } } })),
  );
}

async function rawTransactions(): Promise<number> {
  const payload = declaration(0);
  return concurrently(() => {
    const pk = `BENCH#${randomUUID()}`;
    return dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: ['CASE', 'H#1', 'DECISION#a', 'DECISION#b', 'DUE'].map((sk) => ({
          Put: { TableName: settings.SURGE_TABLE, Item: { pk: { S: pk }, sk: { S: sk }, payload: { S: payload } }, ConditionExpression: 'attribute_not_exists(pk)' },
        })),
      }),
    );
  });
}

async function declarations() {
  const ids: string[] = [];
  let other = 0;
  let n = 0;
  let first: number | undefined;
  let last = 0;
  const result = await autocannon({
    url: settings.SURGE_URL,
    connections: settings.SURGE_CONNECTIONS,
    amount,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: '/api/cases',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${settings.SURGE_TOKEN}` },
        setupRequest: (request: autocannon.Request) => {
          first ??= performance.now();
          return { ...request, body: declaration(n++) };
        },
        onResponse: (status: number, body: string) => {
          last = performance.now();
          if (status === 202) ids.push((JSON.parse(body) as { caseId: string }).caseId);
          else other++;
        },
      },
    ],
  });
  const rate = ids.length / ((last - (first ?? last)) / 1000 || Number.POSITIVE_INFINITY);
  return { rate, ids, other, p50: result.latency.p50, p99: result.latency.p99 };
}

const output = mode === 'raw-put' ? { rate: await rawPuts() } : mode === 'raw-tx' ? { rate: await rawTransactions() } : await declarations();
// Open keep-alive sockets would hold the process: leave once the answer is written.
process.stdout.write(`${JSON.stringify(output)}\n`, () => process.exit(0));
