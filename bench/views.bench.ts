// In-basket and 360° view latency as the table grows: the same requests with 1,000 and with
// 100,000 cases stored, through the local gateway, against DynamoDB Local in memory. Every read is
// a Query on an index page or a GetItem, so the goal is a ratio of at most 1.2.
// Cases are cloned from two real ones declared and started in this run (one task in the agents'
// queue, one claimed), with fresh ids, and written straight to DynamoDB Local with BatchWrite:
// per case its item, its history entries and its open task. `-- --quick`: 1,000 vs 10,000.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { listingShard } from '../shared/cases/case-keys.js';
import { taskShard } from '../shared/tasks/task-keys.js';
import { startLocalStack, TABLE_NAME } from '../local/stack.js';

const quick = process.argv.includes('--quick');
const SMALL = 1_000;
const LARGE = quick ? 10_000 : 100_000;
const REQUESTS = 150;
// Cloned tasks are assigned round-robin to this many people (agent1 among them), half of them;
// the other half wait in the agents' queue.
const ASSIGNEES = 20;

const stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const claimant = (await stack.auth.login('claimant1', 'demo'))!;
const agent = (await stack.auth.login('agent1', 'demo'))!;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several routes, read by name
async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A real case, declared and started, with its first task; claimed by agent1 when asked. */
async function templateCase(claim: boolean): Promise<Record<string, unknown>[]> {
  const declared = await api('POST', '/api/cases', claimant, {
    type: 'occupational-disease',
    data: {
      requestType: 'initial',
      claimant: { firstName: 'Camille', lastName: 'Volume', birthDate: '1980-02-14', email: 'camille@example.org' },
      employer: { name: 'Scierie des Vosges' },
      disease: { description: 'Lombalgie chronique liée à la manutention manuelle de charges lourdes.', firstMedicalObservation: '2026-01-05' },
      contributionMonths: 120,
    },
  });
  if (declared.status !== 202) throw new Error(`declaration answered ${declared.status}`);
  const caseId = declared.body.caseId as string;
  let task: { taskId: string } | undefined;
  for (let i = 0; i < 120 && !task; i++) {
    await new Promise((r) => setTimeout(r, 250));
    task = (await api('GET', `/api/tasks?caseId=${caseId}`, agent)).body.items?.[0];
  }
  if (!task) throw new Error('the template case never reached its first task');
  if (claim && (await api('POST', `/api/tasks/${task.taskId}/claim`, agent)).status !== 200) throw new Error('claim refused');
  const { Items: underCase = [] } = await documents.send(new QueryCommand({ TableName: TABLE_NAME, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` } }));
  const { Item: taskItem } = await documents.send(new GetCommand({ TableName: TABLE_NAME, Key: { pk: `TASK#${task.taskId}`, sk: 'TASK' } }));
  // The case, its history, and its task: what the in-baskets and the view read.
  return [...underCase.filter((item) => item.sk === 'CASE' || String(item.sk).startsWith('HIST#')), taskItem!];
}

const templates = [await templateCase(false), await templateCase(true)];
const templateIds = templates.map((items) => {
  const task = items.find((i) => i.entity === 'task')!;
  return { caseId: task.caseId as string, taskId: task.taskId as string };
});

/** A template's items under new ids, its shards recomputed, its task given to `assignee`. */
function clone(n: number): Record<string, unknown>[] {
  const template = templates[n % 2]!;
  const ids = templateIds[n % 2]!;
  const caseId = ulid();
  const taskId = 'T' + randomBytes(13).toString('hex').slice(0, 25).toUpperCase();
  const text = JSON.stringify(template).replaceAll(ids.caseId, caseId).replaceAll(ids.taskId, taskId);
  const assignee = `agent${1 + (Math.floor(n / 2) % ASSIGNEES)}`;
  return (JSON.parse(text) as Record<string, unknown>[]).map((item) => {
    const copy = { ...item };
    for (const [key, value] of Object.entries(copy)) {
      if (typeof value !== 'string') continue;
      // Write-sharded index keys follow the new ids, as the repositories would have written them.
      if (/^(CASES|STATUS#[^#]+)#\d+$/.test(value)) copy[key] = value.replace(/\d+$/, String(listingShard(caseId)));
      if (/^QUEUE#[^#]+#\d+$/.test(value)) copy[key] = value.replace(/\d+$/, String(taskShard(taskId)));
    }
    if (copy.entity === 'task' && copy.assignee) Object.assign(copy, { assignee, gsi1pk: `ASSIGNEE#${assignee}` });
    return copy;
  });
}

const seededIds: string[] = [];
/** Writes clones until `total` cases are stored, 25 items a request, a few requests at once. */
async function seedUpTo(total: number): Promise<number> {
  const start = performance.now();
  const from = seededIds.length;
  let next = from;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      let batch: Record<string, unknown>[] = [];
      const flush = async () => {
        let requests = batch.map((Item) => ({ PutRequest: { Item } }));
        batch = [];
        while (requests.length) {
          const result = await documents.send(new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: requests } }));
          requests = (result.UnprocessedItems?.[TABLE_NAME] ?? []) as typeof requests;
        }
      };
      while (next < total) {
        const items = clone(next++);
        seededIds.push(items.find((i) => i.sk === 'CASE')!.caseId as string);
        if (batch.length + items.length > 25) await flush();
        batch.push(...items);
      }
      await flush();
    }),
  );
  return (performance.now() - start) / 1000 / Math.max(1, total - from);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

/** REQUESTS of each read, one at a time (latency, not throughput), in rounds so load spreads evenly. */
async function measure(): Promise<Record<string, number[]>> {
  const reads: Record<string, () => string> = {
    'GET /api/tasks?view=mine': () => '/api/tasks?view=mine',
    'GET /api/tasks?view=queue': () => '/api/tasks?view=queue',
    'GET /api/cases/{id}': () => `/api/cases/${seededIds[Math.floor(Math.random() * seededIds.length)]}`,
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(reads).map((k) => [k, []]));
  for (let i = 0; i < REQUESTS + 10; i++) {
    for (const [name, path] of Object.entries(reads)) {
      const t = performance.now();
      const response = await api('GET', path(), agent);
      const ms = performance.now() - t;
      if (response.status !== 200) throw new Error(`${name} answered ${response.status}`);
      if (name.includes('tasks') && response.body.items.length === 0) throw new Error(`${name} is empty: the seeding missed the index`);
      if (i >= 10) times[name]!.push(ms); // the first ten are warm-up
    }
  }
  return times;
}

try {
  const smallSeed = await seedUpTo(SMALL);
  await measure(); // a whole round unmeasured: handlers imported and compiled, connections open
  const small = await measure();
  console.log(`seeded ${SMALL.toLocaleString('en')} cases (${(smallSeed * 1e6).toFixed(0)} µs a case); measuring ${REQUESTS} requests of each read`);
  const largeStart = performance.now();
  await seedUpTo(LARGE);
  console.log(`seeded up to ${LARGE.toLocaleString('en')} cases in ${((performance.now() - largeStart) / 1000).toFixed(0)} s`);
  const large = await measure();
  let worst = 0;
  for (const name of Object.keys(small)) {
    const ratio = median(large[name]!) / median(small[name]!);
    worst = Math.max(worst, ratio);
    console.log(
      `  ${name.padEnd(26)} median ${median(small[name]!).toFixed(1)} ms → ${median(large[name]!).toFixed(1)} ms (p95 ${p95(small[name]!).toFixed(1)} → ${p95(large[name]!).toFixed(1)}): ratio ${ratio.toFixed(2)}`,
    );
  }
  console.log(`worst ratio ${LARGE.toLocaleString('en')} / ${SMALL.toLocaleString('en')} cases: ${worst.toFixed(2)} (goal ≤ 1.2)`);
  process.exitCode = worst <= 1.2 ? 0 : 1;
} finally {
  await stack.stop();
}
