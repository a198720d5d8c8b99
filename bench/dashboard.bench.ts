// Dashboard: time and DynamoDB read units of the dashboard read with 1,000 and with 50,000 cases
// in the table. Cases are seeded straight into DynamoDB Local with BatchWrite, their counters
// summed as the write path would have left them, and each day's items prepared as the nightly job
// does; the dashboard must cost the same (ratio ≈ 1).
import { ulid } from 'ulid';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { resetClientsForTests } from '../shared/aws/clients.js';
import { CASE_SK, casePk } from '../shared/cases/case-keys.js';
import type { CaseRecord } from '../shared/cases/case-record.js';
import { resetConfigForTests } from '../shared/config.js';
import { buildDashboard } from '../shared/dashboard/dashboard.js';
import { kpiDelta, type Counters } from '../shared/dashboard/kpi-counters.js';
import { KPI_SHARDS, prepareKpiDays } from '../shared/dashboard/kpi-store.js';
import { putDayCounters, putNowCounters, writeItems } from './support/seed-table.js';

const dynamodb = await startDynamoDbLocal();
Object.assign(process.env, { TABLE_NAME: 'dossier', DYNAMODB_ENDPOINT: dynamodb.endpoint, AWS_REGION: 'eu-west-3', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', POWERTOOLS_LOG_LEVEL: 'SILENT' });
resetConfigForTests();
resetClientsForTests();
await ensureTable(dynamodb.endpoint, 'dossier');

const now = Date.now();
const STATUSES = ['received', 'qualification', 'document-collection', 'medical-review', 'decided', 'closed'];
// What the write path has added up so far, per shard: state counters, and flow counters per day.
const state: Counters[] = Array.from({ length: KPI_SHARDS }, () => new Map());
const daily: Map<string, Counters>[] = Array.from({ length: KPI_SHARDS }, () => new Map());
const addInto = (into: Counters, from: Counters) => from.forEach((v, k) => into.set(k, (into.get(k) ?? v.minus(v)).plus(v)));

function seededCase(i: number): CaseRecord {
  // Spread over the last 30 days whatever their number, as a running system's cases are (a
  // multiplicative hash of the index): 1,000 cases and 50,000 then fill the same days and hours.
  const createdAt = new Date(now - ((i * 2_654_435_761) % (30 * 86_400_000))).toISOString();
  return {
    caseId: ulid(), type: 'occupational-disease', status: STATUSES[i % STATUSES.length]!, createdAt, updatedAt: createdAt, version: 1,
    data: {}, createdBy: { userId: 'bench', username: 'bench', role: 'system' }, historySeq: 1, historyHead: '0'.repeat(64),
    summary: { claimantName: 'Bench', title: `Case ${i}` },
  };
}

async function seed(from: number, to: number): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const record = seededCase(i);
    items.push({ pk: casePk(record.caseId), sk: CASE_SK, entity: 'case', ...record });
    const shard = i % KPI_SHARDS;
    const received = kpiDelta({ caseBefore: undefined, caseAfter: { ...record, status: 'received' }, tasks: [], at: record.createdAt });
    addInto(state[shard]!, received.state);
    for (const [day, c] of received.daily) addInto(daily[shard]!.get(day) ?? daily[shard]!.set(day, new Map()).get(day)!, c);
    if (record.status !== 'received') {
      const moved = kpiDelta({ caseBefore: { ...record, status: 'received' }, caseAfter: record, tasks: [], at: new Date(Date.parse(record.createdAt) + 3_600_000 * (1 + (i % 200))).toISOString() });
      addInto(state[shard]!, moved.state);
      for (const [day, c] of moved.daily) addInto(daily[shard]!.get(day) ?? daily[shard]!.set(day, new Map()).get(day)!, c);
    }
  }
  await writeItems('dossier', items);
  for (let s = 0; s < KPI_SHARDS; s++) {
    await putNowCounters('dossier', s, state[s]!);
    for (const [day, counters] of daily[s]!) await putDayCounters('dossier', s, day, counters);
  }
  // What the nightly prepare-kpi-days job has done for each of these days (the puts above replaced
  // whole items, as the write path's additions would have left them).
  await prepareKpiDays(Array.from({ length: 31 }, (_, back) => new Date(now - back * 86_400_000).toISOString().slice(0, 10)));
}

async function measure(): Promise<{ ms: number; readUnits: number; open: number }> {
  for (let i = 0; i < 5; i++) await buildDashboard(); // warm-up
  const times: number[] = [];
  let readUnits = 0;
  let open = 0;
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    const dashboard = await buildDashboard();
    times.push(performance.now() - start);
    readUnits = dashboard.readUnits;
    open = dashboard.openCases.total;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, readUnits, open };
}

try {
  const points: { cases: number; ms: number; readUnits: number; open: number }[] = [];
  let seeded = 0;
  for (const cases of [1_000, 10_000, 50_000]) {
    const start = performance.now();
    await seed(seeded, cases);
    console.log(`seeded ${(cases - seeded).toLocaleString('en')} cases in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    seeded = cases;
    points.push({ cases, ...(await measure()) });
  }
  for (const p of points) console.log(`dashboard with ${p.cases.toLocaleString('en').padStart(6)} cases: median ${p.ms.toFixed(1)} ms, ${p.readUnits} read units (${p.open} open)`);
  const [small, middle, large] = points as [typeof points[0], typeof points[0], typeof points[0]];
  console.log(`ratio 50,000 / 1,000: time ${(large.ms / small.ms).toFixed(2)}, read units ${(large.readUnits / small.readUnits).toFixed(2)} (goal ≤ 1.2)`);
  // Items grow until every counter name exists (hours of the day, buckets), then stay the same size.
  console.log(`ratio 50,000 / 10,000: time ${(large.ms / middle.ms).toFixed(2)}, read units ${(large.readUnits / middle.readUnits).toFixed(2)}`);
} finally {
  await dynamodb.stop();
}
