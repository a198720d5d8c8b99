import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBStreamsClient, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/ports.js';
import { openWarehouse, query } from '#local/warehouse-sql.js';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { resetConfigForTests } from '#shared/config.js';
import { backfillWarehouse } from '#shared/warehouse/backfill.js';
import { exportChanges } from '#shared/warehouse/export-changes.js';
import { savedQueries, savedQuery } from '#shared/warehouse/saved-queries.js';
import { eventually } from './support/api.js';
import { daysAgo, healthRequest, propertyClaim } from './support/claims.js';
import { call, startDossier } from './support/npm-start.js';

// The warehouse as a user meets it: `npm start` on a data folder of this test's, a few scenarios
// through the API, then `npm run sql` over what the system exported as it went, compared with what
// the dashboard shows. Then the export's own guarantees: each record once, replays harmless.

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'dossier-warehouse-'));
const exportsDir = join(dataDir, 's3', 'dossier-exports');
let port: number;
let dossier: ChildProcess;
const tokens = new Map<string, string>();

async function as(username: string) {
  if (!tokens.has(username)) tokens.set(username, (await call(port, 'POST', '/api/auth/login', undefined, { username, password: 'demo' })).body.token);
  const token = tokens.get(username)!;
  return { get: (path: string) => call(port, 'GET', path, token), post: (path: string, body?: unknown) => call(port, 'POST', path, token, body ?? {}) };
}

/** Waits for what the system does in its own time (a lifecycle, the export); a probe may fail meanwhile. */
const settled = <T>(probe: () => Promise<T | undefined>) => eventually(() => probe().catch(() => undefined), 45_000);

const warehouse = async () => openWarehouse({ directory: exportsDir, suffix: '.parquet._S3rver_object' });
/** A saved query's rows; `db` when several queries read the same moment of the warehouse. */
const run = async (name: string, db?: Awaited<ReturnType<typeof warehouse>>) => query(db ?? (await warehouse()), savedQuery(name)!.sql);

async function openTask(caseId: string, kind: string) {
  const supervisor = await as('supervisor1');
  return settled(async () => (await supervisor.get(`/api/tasks?caseId=${caseId}`)).body.items?.find((t: { kind: string; status: string }) => t.kind === kind && t.status !== 'completed'));
}

async function work(user: string, taskId: string, outcome: string) {
  const client = await as(user);
  expect((await client.post(`/api/tasks/${taskId}/claim`)).status).toBe(200);
  expect((await client.post(`/api/tasks/${taskId}/complete`, { outcome })).status).toBe(200);
}

const caseStatus = async (caseId: string, status: string) => {
  const agent = await as('agent1');
  return settled(async () => ((await agent.get(`/api/cases/${caseId}`)).body.status === status ? true : undefined));
};

const line = (actCategory: string, amountPaid: string) => ({ actCategory, date: daysAgo(5), amountPaid, provider: 'Pharmacie du Marché', providerId: 'RPPS1234567' });

/** The table's whole stream, as the export function receives it (the Lambda record shape). */
async function streamRecords(): Promise<DynamoDBRecord[]> {
  const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as Record<string, string>;
  const client = new DynamoDBStreamsClient({ endpoint: runtime.DYNAMODB_ENDPOINT, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { Streams = [] } = await client.send(new ListStreamsCommand({ TableName: 'dossier' }));
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: Streams[0]!.StreamArn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let iterator = (await client.send(new GetShardIteratorCommand({ StreamArn: Streams[0]!.StreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        for (const r of page.Records ?? []) {
          const { ApproximateCreationDateTime, ...rest } = r.dynamodb ?? {};
          records.push({ eventID: r.eventID, eventName: r.eventName, dynamodb: { ...(rest as object), ApproximateCreationDateTime: ApproximateCreationDateTime ? ApproximateCreationDateTime.getTime() / 1000 : undefined } } as DynamoDBRecord);
        }
        if (!page.Records?.length) break;
        iterator = page.NextShardIterator;
      }
    }
    return records;
  } finally {
    client.destroy();
  }
}

/** Runs `work` in this process as the export function of that Dossier would, on its emulators. */
async function asTheExporter<T>(work: () => Promise<T>): Promise<T> {
  const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as Record<string, string>;
  const saved = { ...process.env };
  Object.assign(process.env, runtime);
  resetConfigForTests();
  resetClientsForTests();
  try {
    return await work();
  } finally {
    process.env = saved;
    resetConfigForTests();
    resetClientsForTests();
  }
}

/** Every saved query's rows, but the forecast, which moves with the clock second by second. */
const answers = async () => {
  const db = await warehouse();
  return (await Promise.all(savedQueries().map((q) => run(q.name, db)))).map((rows) => rows.map(({ forecast_year_end: _f, ...rest }) => rest));
};

const caseIds: Record<string, string> = {};

beforeAll(async () => {
  port = await freePort();
  dossier = await startDossier(port, dataDir);
  const claimant = await as('claimant1');
  // A small request paid straight through; one large enough to need an agent, who approves it
  // (medicines: it takes most of the envelope's 10 M€; claimant2's group contract has the ceiling
  // for it); two property claims left open.
  caseIds.small = (await claimant.post('/api/cases', healthRequest([line('consultation', '42.00'), line('medicine', '18.40')]))).body.caseId;
  caseIds.large = (await (await as('claimant2')).post('/api/cases', healthRequest([line('medicine', '12500000.00')], 'M0099999'))).body.caseId;
  caseIds.water = (await claimant.post('/api/cases', propertyClaim())).body.caseId;
  caseIds.fire = (await claimant.post('/api/cases', propertyClaim({ claimedAmount: '1500.50', region: '69', entity: 'FR-LYON' }))).body.caseId;
  await work('agent1', (await openTask(caseIds.large!, 'reimbursement-review')).taskId, 'approve');
  await caseStatus(caseIds.small!, 'closed');
  await caseStatus(caseIds.large!, 'closed');
}, 180_000);

afterAll(async () => {
  if (dossier && dossier.exitCode === null) {
    const exited = new Promise((resolve) => dossier.once('exit', resolve));
    dossier.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the reporting warehouse', () => {
  it('answers the saved queries from the exported Parquet files with the numbers the dashboard shows', { timeout: 120_000 }, async () => {
    const supervisor = await as('supervisor1');
    let seen = '';
    await settled(async () => {
      const [dashboard, budgets] = [(await supervisor.get('/api/dashboard')).body, (await supervisor.get('/api/budgets')).body];
      const db = await warehouse();
      const sorted = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort());
      const byPlace = (a: { businessLine: string; region: string; currency: string }) => `${a.businessLine}/${a.region}/${a.currency}`;
      const open = Object.fromEntries((await run('open-cases-by-type', db)).map((r) => [r.case_type, Number(r.open_cases)]));
      const amounts = (await run('amount-by-line-and-region', db)).map((r) => ({ businessLine: String(r.business_line), region: String(r.region), currency: String(r.currency), cases: Number(r.cases), amount: new Decimal(r.amount as string).toFixed() }));
      const consumed = (await run('budget-consumption-vs-envelope', db)).map((r) => ({ envelope: r.envelope, committed: new Decimal(r.committed as string).toFixed(2), payments: Number(r.payments), budget: new Decimal(r.budget as string).toFixed(2) }));
      const fromApi = budgets.items[0].envelopes.map((e: any) => ({ envelope: e.envelope, committed: e.committed, payments: e.payments, budget: e.budget }));
      seen = JSON.stringify({ open, byType: dashboard.openCases.byType, amounts, dashboard: dashboard.amounts, consumed, fromApi });
      const same =
        sorted(open) === sorted(dashboard.openCases.byType) &&
        JSON.stringify(amounts.sort((a, b) => byPlace(a).localeCompare(byPlace(b)))) ===
          JSON.stringify(dashboard.amounts.map((a: any) => ({ businessLine: a.businessLine, region: a.region, currency: a.currency, cases: a.cases, amount: new Decimal(a.amount).toFixed() })).sort((a: any, b: any) => byPlace(a).localeCompare(byPlace(b)))) &&
        JSON.stringify(consumed) === JSON.stringify(fromApi.sort((a: { envelope: string }, b: { envelope: string }) => a.envelope.localeCompare(b.envelope)));
      return same ? true : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${seen}`);
    });
    // What the scenario made is in it: the two property claims' 9,500.50 € are open, the medicines
    // envelope holds the large request's 75 % (9,375,000.00) and the small one's (13.80).
    const amounts = await run('amount-by-line-and-region');
    expect(amounts.map((a) => [a.business_line, a.region, a.amount])).toEqual(expect.arrayContaining([['property', '75', '8000.00'], ['property', '69', '1500.50']]));
    const medicines = (await run('budget-consumption-vs-envelope')).find((r) => r.envelope === 'medicines')!;
    expect(medicines).toMatchObject({ committed: '9375013.80', payments: '2', alert: 'threshold-reached' });
    // Every saved query runs on the warehouse (as it will on Athena), and the closed cases have a processing time.
    for (const q of savedQueries()) await expect(query(await warehouse(), q.sql), q.name).resolves.toBeDefined();
    expect((await run('processing-time-by-type-and-month')).find((r) => r.case_type === 'health-reimbursement')).toMatchObject({ closed_cases: '2' });
  });

  it('raises the budget alert on the dashboard once an envelope is consumed past its alert share', async () => {
    const dashboard = (await (await as('supervisor1')).get('/api/dashboard')).body;
    expect(dashboard.alerts).toContainEqual(expect.objectContaining({ kind: 'budget', level: 'critical', reason: 'threshold-reached', envelope: 'medicines', committed: '9375013.80', budget: '10000000.00' }));
    expect(dashboard.alerts.filter((a: { kind: string }) => a.kind === 'budget').map((a: { envelope: string }) => a.envelope)).toEqual(['medicines']);
  });

  it('keeps facts apart from identities: no name or claim detail outside the restricted table, the same member key across cases', async () => {
    const db = await warehouse();
    const facts = await query(db, `SELECT * FROM case_facts WHERE case_id IN ('${caseIds.small}', '${caseIds.water}')`);
    const everythingButIdentities = JSON.stringify(await Promise.all(['case_facts', 'case_amounts', 'history_events', 'tasks', 'decisions', 'payments'].map((t) => query(db, `SELECT * FROM ${t}`))));
    expect(everythingButIdentities).not.toMatch(/Camille|Martin|Karim|Haddad|@example|M0012345|M0099999|Pharmacie/);
    // Both cases are claimant1's: one member key, which is not their account id.
    const keys = new Set(facts.map((f) => f.member_key));
    expect(keys.size).toBe(1);
    const identities = await query(db, `SELECT DISTINCT member_key, claimant_name FROM identities WHERE case_id = '${caseIds.small}'`);
    expect(identities).toEqual([{ member_key: [...keys][0], claimant_name: 'Camille Martin' }]);
  });

  it('counts each change once, however often the stream hands it over, and puts a late record in its own day', { timeout: 60_000 }, async () => {
    const rawCount = async () => Number((await query(await warehouse(), 'SELECT count(*) AS n FROM history_events'))[0]!.n);
    const perCase = async () => query(await warehouse(), 'SELECT case_id, count(DISTINCT seq) AS entries, max(seq) AS last FROM history_events GROUP BY case_id ORDER BY case_id');
    // Settled: the history of every case, as the API reads it, is in the warehouse.
    const agent = await as('agent1');
    await settled(async () => {
      const rows = await perCase();
      for (const caseId of Object.values(caseIds)) {
        const history = (await agent.get(`/api/cases/${caseId}/history`)).body.entries.length;
        if (Number(rows.find((r) => r.case_id === caseId)?.entries ?? 0) !== history) return undefined;
      }
      return true;
    });
    const before = { raw: await rawCount(), results: await answers() };

    // The whole stream replayed in one batch, in the export's own process: new files, the same answers.
    await asTheExporter(async () => {
      const records = await streamRecords();
      const first = await exportChanges(records);
      expect(first.records).toBe(records.length);
      expect(await rawCount()).toBeGreaterThan(before.raw);
      const afterReplay = await rawCount();
      // The very same batch again (a retry): it writes the same files, not one row more.
      await exportChanges([...records].reverse());
      expect(await rawCount()).toBe(afterReplay);
      // An old change arriving after newer ones: its row lands in the day it happened, and the
      // latest version still wins.
      const oldest = records.find((r) => r.eventName === 'INSERT' && r.dynamodb?.NewImage?.entity?.S === 'case')!;
      const late = await exportChanges([{ ...oldest, eventID: `${oldest.eventID}-late` }]);
      expect(late.keys).toContainEqual(expect.stringMatching(new RegExp(`^warehouse/case_facts/dt=${oldest.dynamodb!.NewImage!.updatedAt!.S!.slice(0, 10)}/`)));
    });
    expect(await answers()).toEqual(before.results);
  });

  it('back-fills a warehouse that has none of the files from the table, with the same answers', { timeout: 60_000 }, async () => {
    const before = await answers();
    // The warehouse's files gone (a deployment whose data predates the stream looks the same).
    rmSync(join(exportsDir, 'warehouse'), { recursive: true, force: true });
    rmSync(join(exportsDir, 'warehouse-restricted'), { recursive: true, force: true });
    expect((await run('open-cases-by-type')).length).toBe(0);
    await asTheExporter(async () => {
      const report = await backfillWarehouse();
      expect(report.rows).toBeGreaterThan(report.items / 2);
      expect(await answers()).toEqual(before);
      // Run again: the same files, the same answers.
      const again = await backfillWarehouse();
      expect(again.files).toBe(report.files);
      expect(await answers()).toEqual(before);
    });
  });

  it('npm run sql runs a saved query over the files npm start exported', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'local', 'sql.ts'), 'open-cases-by-type'], { cwd: root, env: { ...process.env, DOSSIER_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('Open cases by type');
    expect(output).toMatch(/property-claim.*2/);
  });
});
