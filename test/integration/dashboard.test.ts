import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync } from 'node:zlib';
import { Decimal } from 'decimal.js';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { registerCaseType } from '#shared/case-types/index.js';
import { resetConfigForTests } from '#shared/config.js';
import { insertCase } from '#shared/cases/case-repository.js';
import { registerCase } from '#shared/workflows/register-case.js';
import { declaration } from './support/fixtures.js';
import { chainEntry, GENESIS_HASH } from '#shared/history/chain.js';
import { prepareKpiDays } from '#shared/dashboard/kpi-store.js';
import { reconcileAggregates } from '#shared/dashboard/reconcile.js';
import { minimalCaseType } from '../fixtures/minimal-case-type.js';
import { as, countItems, eventually, request } from './support/api.js';
import { caseStatus, declaredCase, openTask, work } from './support/lifecycle.js';

// The dashboard's figures are counters kept in the same transactions as the changes they count.
// After a scripted mix of what happens to cases, the counters must equal what is recomputed from
// the cases themselves: no drift at all, and the dashboard shows exactly those figures.
const opinion = { opinion: 'Tableau RG 57 : conditions remplies, lien direct établi.' };

let documents: DynamoDBDocumentClient;

beforeAll(() => {
  // The reconciliation runs here, in the test, against the stack's own table, knowing the same case types.
  registerCaseType(minimalCaseType);
  Object.assign(process.env, { TABLE_NAME: 'dossier', DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), AWS_REGION: 'eu-west-3', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  resetConfigForTests();
  resetClientsForTests();
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
});

async function scan(entity: string): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: 'dossier', FilterExpression: 'entity = :e', ExpressionAttributeValues: { ':e': entity }, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * A case written straight through the repository, as a surge of intake would, then registered as
 * the first step of its lifecycle does (which is when it starts to count on the dashboard).
 */
async function seedCase(i: number, at: string): Promise<void> {
  const caseId = ulid();
  const first = chainEntry(GENESIS_HASH, { seq: 1, at, actor: { userId: 'seed', username: 'seed', role: 'system' }, action: 'case.declared' });
  await insertCase(
    {
      caseId, type: i % 3 === 0 ? 'test-minimal' : 'occupational-disease', status: 'received', createdAt: at, updatedAt: at, version: 1,
      data: i % 3 === 0 ? { subject: `Seed ${i}`, amount: 10.05 + i } : declaration().data,
      createdBy: { userId: 'seed', username: 'seed', role: 'system' }, historySeq: 1, historyHead: first.hash,
      summary: { claimantName: 'Seed', title: `Seed ${i}` },
    },
    `seed ${caseId}`,
    first,
  );
  await registerCase({ caseId });
}

const activeTask = (t: Record<string, any>) => ['open', 'assigned', 'completing'].includes(t.status);

describe('the dashboard', () => {
  it('equals the figures recomputed from the cases after scenario A, reassignments, withdrawal, cancellation, re-opening and 300 seeded cases', { timeout: 240_000 }, async () => {
    // Start exact, whatever earlier test files wrote straight into the table (tampering tests).
    await countItems();
    await reconcileAggregates({ repair: true });

    // Scenario A, with a reassignment of the medical review.
    const a = await declaredCase();
    await work('agent1', (await openTask(a, 'qualification')).taskId, 'accept');
    const review = await openTask(a, 'medical-review');
    expect((await (await as('supervisor1')).post(`/api/tasks/${review.taskId}/reassign`, { to: 'expert1' })).status).toBe(200);
    expect((await (await as('expert1')).post(`/api/tasks/${review.taskId}/complete`, { outcome: 'recognised', data: opinion })).status).toBe(200);
    await caseStatus(a, 'closed');
    // Withdrawn by the claimant; cancelled by a supervisor then re-opened; one left with agent2.
    const withdrawn = await declaredCase();
    await openTask(withdrawn, 'qualification');
    expect((await (await as('claimant1')).post(`/api/cases/${withdrawn}/withdraw`, { reason: 'Je retire ma demande' })).status).toBe(202);
    const cancelled = await declaredCase();
    await openTask(cancelled, 'qualification');
    expect((await (await as('supervisor1')).post(`/api/cases/${cancelled}/cancel`, { reason: 'Doublon du dossier précédent' })).status).toBe(202);
    await caseStatus(cancelled, 'closed');
    expect((await (await as('supervisor1')).post(`/api/cases/${cancelled}/reopen`, { reason: 'Annulation par erreur' })).status).toBe(202);
    const held = await declaredCase();
    const heldTask = await openTask(held, 'qualification');
    expect((await (await as('supervisor1')).post(`/api/tasks/${heldTask.taskId}/reassign`, { to: 'agent2' })).status).toBe(200);
    // Money: one request approved and closed, one still open.
    const claimant = await as('claimant1');
    const paid = (await claimant.post('/api/cases', { type: 'test-minimal', data: { subject: 'Lunettes', amount: 120.1 } })).body.caseId;
    expect((await claimant.post('/api/cases', { type: 'test-minimal', data: { subject: 'Couronne', amount: 0.2 } })).status).toBe(202);
    await work('agent1', (await openTask(paid, 'review')).taskId, 'approve');
    await caseStatus(withdrawn, 'closed');
    await caseStatus(paid, 'closed');
    await openTask(cancelled, 'qualification');

    // A few hundred more, ten at a time, all through the same counters (some meet on a shard).
    // Dated by the runtime's clock, which other test files move forward.
    const runtimeNow = (await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } })).body.now as string;
    // The nightly preparation of today's counter items, while they already hold today's figures:
    // the counters at zero it adds must neither reset a figure nor show as one, nor look like drift.
    await prepareKpiDays([runtimeNow.slice(0, 10)]);
    for (let i = 0; i < 300; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => seedCase(i + j, runtimeNow)));

    await countItems();
    const reconciliation = await reconcileAggregates();
    expect(reconciliation.drift).toEqual([]);
    expect(reconciliation.cases).toBeGreaterThanOrEqual(306);

    // What the dashboard shows is what the cases and tasks say.
    // A registered case's claim data (the amounts) is in its details item.
    const details = new Map((await scan('case-details')).map((d) => [d.caseId, d]));
    const cases = (await scan('case')).map((c) => ({ ...c, ...(details.get(c.caseId) ?? {}) }));
    const tasks = (await scan('task')).filter(activeTask);
    const dashboard = (await (await as('supervisor1')).get('/api/dashboard')).body;
    // A case still `received` is the intake buffer's, on the dashboard's case-start figures instead.
    const counted = cases.filter((c) => c.status !== 'received');
    const open = counted.filter((c) => c.status !== 'closed');
    const byTypeAndStatus: Record<string, number> = {};
    for (const c of open) byTypeAndStatus[`${c.type}/${c.status}`] = (byTypeAndStatus[`${c.type}/${c.status}`] ?? 0) + 1;
    expect(dashboard.openCases.total).toBe(open.length);
    expect(dashboard.openCases.byTypeAndStatus).toEqual(byTypeAndStatus);
    for (const queue of ['agent', 'expert']) {
      const row = dashboard.queues.find((q: { queue: string }) => q.queue === queue) ?? { unassigned: 0, assigned: 0 };
      expect(row.unassigned + row.assigned, queue).toBe(tasks.filter((t) => t.queue === queue).length);
    }
    expect(dashboard.agents.find((r: { agent: string }) => r.agent === 'agent2')?.backlog).toBe(tasks.filter((t) => t.assignee === 'agent2').length);
    const money = open.filter((c) => c.type === 'test-minimal').reduce((sum, c) => sum.plus(c.data.amount.toFixed(2)), new Decimal(0));
    expect(dashboard.amounts).toContainEqual({ businessLine: 'test-line', region: 'test-region', currency: 'EUR', amount: money.toFixed(), cases: open.filter((c) => c.type === 'test-minimal').length });
    const today = new Date(dashboard.asOf).toISOString().slice(0, 10);
    expect(dashboard.intake.perDay.at(-1).day).toBe(today);
    expect(dashboard.intake.receivedToday).toBe(counted.filter((c) => c.createdAt.startsWith(today)).length);
    expect(dashboard.processingTime['occupational-disease'].last30Days.closed).toBeGreaterThanOrEqual(3);
    expect(dashboard.sla.tasks.onTrack + dashboard.sla.tasks.atRisk + dashboard.sla.tasks.breached).toBe(tasks.filter((t) => t.clock).length);
    // 300 cases in a moment is far above the usual intake for this hour: the volume alert is up.
    expect(dashboard.alerts.map((alert: { kind: string }) => alert.kind)).toContain('volume');
  });

  it('serves the same figures in OpenMetrics text that a Prometheus parser reads, to ops only', async () => {
    const response = await (await as('ops1')).get('/api/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/openmetrics-text/);
    expect(response.body).toMatch(/# EOF\n?$/);
    const families = parsePrometheusTextFormat(response.body.replace(/# EOF\n?$/, ''));
    const open = families.find((f) => f.name === 'dossier_open_cases')!;
    expect(open.type).toBe('GAUGE');
    const dashboard = (await (await as('ops1')).get('/api/dashboard')).body;
    const total = open.metrics.reduce((sum, m) => sum + Number(m.value), 0);
    expect(total).toBe(dashboard.openCases.total);
    expect(families.map((f) => f.name)).toEqual(expect.arrayContaining(['dossier_sla_clocks', 'dossier_queue_backlog', 'dossier_amount_involved', 'dossier_alert_active']));
    expect((await (await as('supervisor1')).get('/api/metrics')).status).toBe(403);
  });

  it("exports the day that ended's counters to the exports bucket as gzipped JSON Lines, partitioned by date", { timeout: 60_000 }, async () => {
    const caseId = await declaredCase();
    await openTask(caseId, 'qualification');
    // The runtime's own date (other tests move its clock); a day passes and the daily jobs run.
    // They run past 02:30 UTC (local/scheduler.ts): the clock goes to 03:00 of the next day, since
    // a day from before 02:30 would end before the jobs' hour and export nothing.
    const probe = await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } });
    const from = new Date(probe.body.now as string);
    const jobsHour = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1, 3, 0);
    const moved = await request('POST', '/api/_local/clock', { body: { advance: `PT${Math.ceil((jobsHour - from.getTime()) / 1000)}S` } });
    expect(moved.status).toBe(200);
    const day = new Date(new Date(moved.body.now as string).getTime() - 86_400_000).toISOString().slice(0, 10);
    const s3 = new S3Client({ endpoint: inject('s3Endpoint'), forcePathStyle: true, region: 'eu-west-3', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const lines = async (key: string) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: 'dossier-exports', Key: key }));
      return gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    };
    const kpis = await eventually(() => lines(`kpis/dt=${day}/kpis.jsonl.gz`).catch(() => undefined));
    expect(kpis.some((k: { counter: string; value: string }) => k.counter === 'received:occupational-disease' && Number(k.value) >= 1)).toBe(true);
    // Figures only: the counters the day's items were prepared with at zero are not exported.
    expect(kpis.filter((k: { value: string }) => new Decimal(k.value).isZero())).toEqual([]);
  });
});
