// Buffered intake under a claims surge, on the whole local stack (gateway → handler → DynamoDB
// Local → start queue → starter → state machine runner), all figures from this one run:
//  1. intake throughput (starter paused) against the raw PutItem rate of the same DynamoDB Local,
//     with the same number of concurrent clients: goal ≥ 0.5;
//  2. a surge of SURGE declarations sent by autocannon as fast as it can: every case present
//     exactly once and started, the time to drain the backlog, p50/p99 of the 202.
// `npm run bench surge` runs 10,000; `-- --quick` 1,000 (CI); `-- --intake` only part 1. The starter's pace comes from
// CASE_STARTS_PER_SECOND (default 100/s here, like the local runtime).
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { startLocalStack, TABLE_NAME } from '../local/stack.js';

const quick = process.argv.includes('--quick');
const intakeOnly = process.argv.includes('--intake');
const SURGE = quick ? 1_000 : 10_000;
const INTAKE = quick ? 500 : 2_000;
const CONNECTIONS = 20;
const ROUNDS = 5;

const declaration = (n: number) =>
  JSON.stringify({
    type: 'occupational-disease',
    data: {
      requestType: 'initial',
      claimant: { firstName: 'Camille', lastName: `Surge-${String.fromCharCode(65 + (n % 26))}`, birthDate: '1980-02-14', email: 'camille@example.org' },
      employer: { name: 'Scierie des Vosges' },
      disease: { description: 'Lombalgie chronique liée à la manutention manuelle de charges lourdes.', firstMedicalObservation: '2026-01-05' },
      contributionMonths: 120,
    },
  });

const stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
const dynamodb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const documents = DynamoDBDocumentClient.from(dynamodb);
const token = (await stack.auth.login('claimant1', 'demo'))!;

/** Sends `amount` declarations with autocannon; returns the case ids from the 202s and the latencies. */
async function declare(amount: number) {
  const ids: string[] = [];
  let other = 0;
  let n = 0;
  const result = await autocannon({
    url: stack.url,
    connections: CONNECTIONS,
    amount,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: '/api/cases',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (request: autocannon.Request) => ({ ...request, body: declaration(n++) }),
        onResponse: (status: number, body: string) => {
          if (status === 202) ids.push((JSON.parse(body) as { caseId: string }).caseId);
          else other++;
        },
      },
    ],
  });
  return { ids, other, result };
}

/** The raw write rate of the same DynamoDB Local: items the size of a case, as many at once. */
async function rawPutsPerSecond(count: number): Promise<number> {
  const payload = declaration(0).repeat(2);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < count) {
        next++;
        await dynamodb.send(new PutItemCommand({ TableName: TABLE_NAME, Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: 'RAW' }, payload: { S: payload } } }));
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

/**
 * The ceiling set by the one-transaction guarantee: a declaration's 5-item transaction (case,
 * history entry, two decisions, SLA due entry) alone, as raw TransactWriteItems, same clients.
 */
async function rawTransactionsPerSecond(count: number): Promise<number> {
  const payload = declaration(0);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < count) {
        next++;
        const pk = `BENCH#${randomUUID()}`;
        await dynamodb.send(
          new TransactWriteItemsCommand({
            TransactItems: ['CASE', 'H#1', 'DECISION#a', 'DECISION#b', 'DUE'].map((sk) => ({
              Put: { TableName: TABLE_NAME, Item: { pk: { S: pk }, sk: { S: sk }, payload: { S: payload } }, ConditionExpression: 'attribute_not_exists(pk)' },
            })),
          }),
        );
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

async function statuses(ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => ({ pk: `CASE#${id}`, sk: 'CASE' }));
    while (keys.length) {
      const page = await documents.send(new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: keys, ProjectionExpression: 'caseId, #s', ExpressionAttributeNames: { '#s': 'status' } } } }));
      for (const item of page.Responses?.[TABLE_NAME] ?? []) found.set(item.caseId as string, item.status as string);
      keys = page.UnprocessedKeys?.[TABLE_NAME]?.Keys ?? [];
    }
  }
  return found;
}

try {
  // Warm-up: handlers imported, rules installed, connections open.
  await declare(50);

  console.log(`1. intake vs raw PutItem (${CONNECTIONS} concurrent clients, starter paused, ${ROUNDS} alternating rounds)`);
  stack.caseStarts.poller.setPaused(true);
  // The machine is shared: its load changes within seconds, so raw and intake alternate in rounds
  // and each round's ratio compares two figures measured side by side; the median is the result.
  const ratios: number[] = [];
  let raws = 0;
  let transactions = 0;
  let intakes = 0;
  let notAccepted = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const raw = await rawPutsPerSecond(INTAKE / ROUNDS);
    const transaction = await rawTransactionsPerSecond(INTAKE / ROUNDS);
    transactions += transaction;
    const intakeStart = performance.now();
    const intake = await declare(INTAKE / ROUNDS);
    const intakeRate = intake.ids.length / ((performance.now() - intakeStart) / 1000);
    notAccepted += intake.other;
    raws += raw;
    intakes += intakeRate;
    ratios.push(intakeRate / raw);
    console.log(`   round ${round + 1}: raw PutItem ${Math.round(raw)}/s, raw 5-item transaction ${Math.round(transaction)}/s, POST /api/cases → 202 ${Math.round(intakeRate)}/s, ratio ${(intakeRate / raw).toFixed(2)}`);
  }
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
  console.log(`   raw PutItem            ${Math.round(raws / ROUNDS)}/s (mean)`);
  console.log(`   raw 5-item transaction ${Math.round(transactions / ROUNDS)}/s (mean; ratio to PutItem ${(transactions / raws).toFixed(2)}: the ceiling of any one-transaction intake)`);
  console.log(`   POST /api/cases → 202  ${Math.round(intakes / ROUNDS)}/s (mean; ${notAccepted} not 202)`);
  console.log(`   ratio intake / raw     ${median.toFixed(2)} (median of the rounds; goal ≥ 0.5)`);
  stack.caseStarts.poller.setPaused(false);
  if (!intakeOnly) await surgeRun();
} finally {
  await stack.stop();
}

async function surgeRun() {
  // Let the paused backlog drain before the surge, so the surge is measured alone.
  for (;;) {
    const q = await stack.caseStarts.queue.attributes();
    if (q.visible + q.inFlight === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }

  console.log(`2. surge of ${SURGE.toLocaleString('en')} declarations (autocannon, ${CONNECTIONS} connections)`);
  const startedBefore = stack.caseStarts.poller.delivered;
  const surgeStart = performance.now();
  const surge = await declare(SURGE);
  const sentMs = performance.now() - surgeStart;
  let peak = 0;
  for (;;) {
    const q = await stack.caseStarts.queue.attributes();
    peak = Math.max(peak, q.visible + q.inFlight);
    if (q.visible + q.inFlight === 0) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  // Queue empty: each start has been handed to the runner; wait for each case to leave `received`.
  let states = await statuses(surge.ids);
  for (let i = 0; i < 120 && [...states.values()].some((s) => s === 'received'); i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    states = await statuses(surge.ids);
  }
  const drainMs = performance.now() - surgeStart;
  const unique = new Set(surge.ids).size;
  const started = [...states.values()].filter((s) => s !== 'received').length;
  const dead = (await stack.caseStarts.queue.deadLetterAttributes()).visible;
  console.log(`   202s ${surge.ids.length}, other answers ${surge.other}, distinct cases ${unique}, stored ${states.size}, started ${started}, dead letters ${dead}`);
  console.log(`   sent in ${(sentMs / 1000).toFixed(1)} s (${Math.round(surge.ids.length / (sentMs / 1000))}/s); drained in ${(drainMs / 1000).toFixed(1)} s; peak backlog seen ${peak}; starts handed out ${stack.caseStarts.poller.delivered - startedBefore}`);
  console.log(`   202 latency p50 ${surge.result.latency.p50} ms, p99 ${surge.result.latency.p99} ms; drain / send time ratio ${(drainMs / sentMs).toFixed(2)}`);
  const ok = surge.ids.length === SURGE && unique === SURGE && states.size === SURGE && started === SURGE && dead === 0;
  console.log(ok ? `   every one of the ${SURGE.toLocaleString('en')} cases present exactly once and started` : '   SOME CASES ARE MISSING OR NOT STARTED');
  process.exitCode = ok ? 0 : 1;
}
