// Cost per case: plays scenario A end to end and a straight-through health reimbursement on the
// whole local stack, through the HTTP API as people would, while the local runtime counts the
// operations AWS bills (state transitions, Lambda requests and GB-seconds, DynamoDB request units
// from ReturnConsumedCapacity, S3 requests, events, API requests, SQS requests, e-mails); then
// multiplies them by the list prices in bench/aws-prices.json. Counting is off in every other
// run: only this bench starts the meter (shared/metering/meter.ts). Prints, never asserts.
// `npm run bench cost`; COST_BENCH_RUNS=n changes the number of cases of each kind (5).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { functions } from '#functions/registry.js';
import { now } from '#shared/clock.js';
import { prepareKpiDays } from '#shared/dashboard/kpi-store.js';
import { startMetering, type Usage } from '#shared/metering/meter.js';
import { ARCHIVE_BUCKET, DOCUMENTS_BUCKET, startLocalStack, TABLE_NAME } from '../local/stack.js';
import { apiClient, healthReimbursement, scenarioA, type Api } from './cost/journeys.js';
import { Observer } from './cost/observer.js';
import { costLines, mergeUsage, parisPrices, sum, withCloudTrailDataEvents, lifecycleTransitions, type PriceBook } from './cost/pricing.js';
import { printScenario } from './cost/report.js';
import { storageAdded, storageSnapshot } from './cost/storage.js';

const RUNS = Number(process.env.COST_BENCH_RUNS) > 0 ? Number(process.env.COST_BENCH_RUNS) : 5;
// Goals of the lean-state issue: what an insurer compares us on (us-east-1 list prices).
const GOAL_SCENARIO_A_USD = 0.0005;
const GOAL_REIMBURSEMENT_USD = 0.0004;
const book = JSON.parse(readFileSync(join(import.meta.dirname, 'aws-prices.json'), 'utf8')) as PriceBook;
const paris = parisPrices(book).book;
// Jobs on a timer run whatever the cases do: their counts are shown apart, not charged to cases.
const scheduled = new Set(functions.filter((f) => f.trigger === 'daily' || f.trigger === 'every-few-minutes').map((f) => f.id));
const TRAILED_BUCKETS = [DOCUMENTS_BUCKET, ARCHIVE_BUCKET];

// DynamoDB Local reports transactional writes at twice AWS's rate: the meter corrects them.
const meter = startMetering({ correctDynamoDbLocalTransactions: true });
const started = performance.now();
const stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
// As in AWS after the nightly prepare-kpi-days job: the dashboard's day items at their full size,
// so each write to a day counter costs what it costs in a running system (the clock may move on).
await prepareKpiDays(Array.from({ length: 31 }, (_, ahead) => new Date(now().getTime() + ahead * 86_400_000).toISOString().slice(0, 10)));
const api = apiClient(stack.url);
const observe = new Observer(stack, meter);
const snapshot = () => storageSnapshot(stack.endpoints, TABLE_NAME, [DOCUMENTS_BUCKET, ARCHIVE_BUCKET], [ARCHIVE_BUCKET]);

const scenarios = [
  { title: 'Scenario A: occupational disease, declaration to archived decision (4 documents of 200 KB)', run: scenarioA, goalUsd: GOAL_SCENARIO_A_USD },
  { title: 'Health reimbursement, straight through (3 lines, no human task)', run: healthReimbursement, goalUsd: GOAL_REIMBURSEMENT_USD },
] as const;

async function measure(scenario: (typeof scenarios)[number]) {
  await observe.quiet();
  const before = await snapshot();
  meter.reset();
  const perCase: Usage[] = [];
  const standing: Usage[] = [];
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await scenario.run(api as Api, observe);
    const counted = withCloudTrailDataEvents(meter.snapshot(), TRAILED_BUCKETS);
    meter.reset();
    const own = counted.filter((u) => !scheduled.has(u.by));
    perCase.push(...own);
    standing.push(...counted.filter((u) => scheduled.has(u.by)));
    runs.push(sum(costLines(own, book).map((l) => l.usd)));
  }
  const added = storageAdded(before, await snapshot());
  const documents = added.objectsByBucket.get(DOCUMENTS_BUCKET) ?? [];
  const archive = added.objectsByBucket.get(ARCHIVE_BUCKET) ?? [];
  // Billed 30 days later, once per archived object still in Standard: added to each run's cost as their mean.
  const transitions = lifecycleTransitions(archive, ARCHIVE_BUCKET);
  perCase.push(transitions);
  const transitionsUsd = sum(costLines([transitions], book, RUNS).map((l) => l.usd));
  runs.forEach((usd, i) => (runs[i] = usd + transitionsUsd));
  const outside = perCase.filter((u) => u.service === 'dynamodb' && u.by === '-');
  if (outside.length) console.warn(`   note: DynamoDB calls made outside any function were counted: ${outside.map((u) => `${u.metric} ${u.quantity}`).join(', ')}`);
  return printScenario(
    {
      title: scenario.title,
      cases: RUNS,
      usage: mergeUsage(perCase),
      scheduled: mergeUsage(standing),
      runs,
      stored: { dynamodb: added.dynamodbBytes, s3Standard: sum(documents.map((o) => o.bytes)), archiveObjects: archive },
      storedObjects: { documents: documents.length, archive: archive.length },
      itemBytesByKind: added.itemBytesByKind,
      ...('goalUsd' in scenario ? { goalUsd: scenario.goalUsd } : {}),
    },
    book,
    paris,
  );
}

try {
  console.log(`Cost per case, from operations counted on the local stack × list prices (${book.region}, as of ${book.asOf}; free tiers ignored).`);
  console.log('Lambda GB-seconds use durations measured on this machine (DynamoDB Local, a shared 2-core box), not in Lambda: indicative only.');
  // One case of each kind first: handlers imported, decision tables installed, connections open.
  await scenarioA(api, observe);
  await healthReimbursement(api, observe);
  const totals: number[] = [];
  for (const scenario of scenarios) totals.push(await measure(scenario));
  console.log(
    '\nNot counted: CloudWatch Logs (Lambda logs, Step Functions logs at level ALL), X-Ray traces, KMS requests (bucket keys are on), ' +
      'Cognito (billed per monthly active user), CloudFront and WAF in front of the portal, data transfer, Lambda INIT time of cold starts, ' +
      'and standing costs (scheduled jobs, the start queue\'s empty long polls, alarms, dashboards, KMS key months).',
  );
  console.log(`Scenario A ${totals[0]! < GOAL_SCENARIO_A_USD ? 'meets' : 'does NOT meet'} the goal of $${GOAL_SCENARIO_A_USD} per case; bench wall time ${((performance.now() - started) / 1000).toFixed(0)} s.`);
} finally {
  observe.destroy();
  await stack.stop();
}
