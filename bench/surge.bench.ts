// Buffered intake under a claims surge, on the whole local stack as `npm start` runs it (its data
// kept on disk: gateway → handler → DynamoDB Local → start queue → starter → state machine runner),
// all figures from this one run:
//  1. intake throughput (starter paused) against the raw PutItem rate of the same DynamoDB Local,
//     with the same number of concurrent clients from the same load process: goal ≥ 0.5;
//  2. a surge of SURGE declarations sent by autocannon as fast as it can: every case present
//     exactly once and started, the time to drain the backlog, p50/p99 of the 202.
// `npm run bench surge` runs 10,000; `-- --quick` 1,000; `-- --intake` only part 1;
// `-- --in-memory` runs DynamoDB Local in memory, as the tests do. The starter's pace comes from
// CASE_STARTS_PER_SECOND (default 100/s here, like the local runtime).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, TABLE_NAME } from '../local/stack.js';

const quick = process.argv.includes('--quick');
const intakeOnly = process.argv.includes('--intake');
const inMemory = process.argv.includes('--in-memory');
const SURGE = quick ? 1_000 : 10_000;
const INTAKE = quick ? 500 : 2_000;
const CONNECTIONS = 20;
const ROUNDS = 5;

const dataDir = inMemory ? undefined : mkdtempSync(join(tmpdir(), 'dossier-surge-'));
const stack = await startLocalStack({ port: 0, logLevel: 'SILENT', ...(dataDir ? { dataDir } : {}) });
const dynamodb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const documents = DynamoDBDocumentClient.from(dynamodb);
const token = (await stack.auth.login('claimant1', 'demo'))!;

interface Load {
  readonly rate: number;
  readonly ids?: string[];
  readonly other?: number;
  readonly p50?: number;
  readonly p99?: number;
}

/** Runs the load process (bench/surge/load.ts) and returns what it measured. */
function load(mode: 'raw-put' | 'raw-tx' | 'declare', amount: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'surge', 'load.ts'), mode, String(amount)], {
      env: {
        ...process.env,
        SURGE_URL: stack.url,
        SURGE_TOKEN: token,
        SURGE_DYNAMODB: stack.endpoints.dynamodb,
        SURGE_TABLE: TABLE_NAME,
        SURGE_CONNECTIONS: String(CONNECTIONS),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Load) : reject(new Error(`load ${mode} exited with ${code}`))));
  });
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
  // Warm-up: handlers imported, rules installed, connections open, the JVM's hot paths compiled.
  // Both paths get their share; the starter is paused already, so that the warm-up's cases are not
  // being started while the first round is measured.
  stack.caseStarts.poller.setPaused(true);
  await load('raw-put', 1_000);
  await load('raw-tx', 200);
  await load('declare', 300);

  console.log(`1. intake vs raw PutItem (${CONNECTIONS} concurrent clients, starter paused, ${ROUNDS} alternating rounds, DynamoDB Local ${inMemory ? 'in memory' : 'on disk, as npm start runs it'})`);
  // The machine is shared: its load changes within seconds, so raw and intake alternate in rounds
  // and each round's ratio compares two figures measured side by side; the median is the result.
  const ratios: number[] = [];
  let raws = 0;
  let transactions = 0;
  let intakes = 0;
  let notAccepted = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const raw = (await load('raw-put', INTAKE / ROUNDS)).rate;
    const transaction = (await load('raw-tx', INTAKE / ROUNDS)).rate;
    const intake = await load('declare', INTAKE / ROUNDS);
    transactions += transaction;
    notAccepted += intake.other ?? 0;
    raws += raw;
    intakes += intake.rate;
    ratios.push(intake.rate / raw);
    console.log(`   round ${round + 1}: raw PutItem ${Math.round(raw)}/s, raw 5-item transaction ${Math.round(transaction)}/s, POST /api/cases → 202 ${Math.round(intake.rate)}/s, ratio ${(intake.rate / raw).toFixed(2)}`);
  }
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
  console.log(`   raw PutItem            ${Math.round(raws / ROUNDS)}/s (mean)`);
  console.log(`   raw 5-item transaction ${Math.round(transactions / ROUNDS)}/s (mean; ratio to PutItem ${(transactions / raws).toFixed(2)})`);
  console.log(`   POST /api/cases → 202  ${Math.round(intakes / ROUNDS)}/s (mean; ${notAccepted} not 202)`);
  console.log(`   ratio intake / raw     ${median.toFixed(2)} (median of the rounds; goal ≥ 0.5${median >= 0.5 ? ': met' : ': NOT MET'})`);
  stack.caseStarts.poller.setPaused(false);
  if (!intakeOnly) await surgeRun();
} finally {
  await stack.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
  const surge = await load('declare', SURGE);
  const ids = surge.ids ?? [];
  const sentMs = ids.length / surge.rate * 1000;
  let peak = 0;
  for (;;) {
    const q = await stack.caseStarts.queue.attributes();
    peak = Math.max(peak, q.visible + q.inFlight);
    if (q.visible + q.inFlight === 0) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  // Queue empty: each start has been handed to the runner; wait for each case to leave `received`.
  let states = await statuses(ids);
  for (let i = 0; i < 120 && [...states.values()].some((s) => s === 'received'); i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    states = await statuses(ids);
  }
  const drainMs = performance.now() - surgeStart;
  const unique = new Set(ids).size;
  const started = [...states.values()].filter((s) => s !== 'received').length;
  const dead = (await stack.caseStarts.queue.deadLetterAttributes()).visible;
  console.log(`   202s ${ids.length}, other answers ${surge.other}, distinct cases ${unique}, stored ${states.size}, started ${started}, dead letters ${dead}`);
  console.log(`   sent in ${(sentMs / 1000).toFixed(1)} s (${Math.round(surge.rate)}/s); drained in ${(drainMs / 1000).toFixed(1)} s; peak backlog seen ${peak}; starts handed out ${stack.caseStarts.poller.delivered - startedBefore}`);
  console.log(`   202 latency p50 ${surge.p50} ms, p99 ${surge.p99} ms; drain / send time ratio ${(drainMs / sentMs).toFixed(2)}`);
  const ok = ids.length === SURGE && unique === SURGE && states.size === SURGE && started === SURGE && dead === 0;
  console.log(ok ? `   every one of the ${SURGE.toLocaleString('en')} cases present exactly once and started` : '   SOME CASES ARE MISSING OR NOT STARTED');
  process.exitCode = ok ? 0 : 1;
}
