// Warehouse (issue #26): 1. export throughput, stream records per second turned into Parquet files
// in the embedded S3 server (batches of 1,000, as the event source mapping hands them), against
// raw PutItem into DynamoDB Local in the same run, in alternating rounds (median of the rounds'
// ratios): the export must keep up with the writes that feed it. 2. The saved queries that read
// case facts over 1,000,000 of them in DuckDB (files written by the exporter's own Parquet writer,
// 100 files of 10,000 rows), seconds printed. `-- --quick`: 100,000 facts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { startLocalS3 } from '../local/s3-server.js';
import { openWarehouse, query } from '../local/warehouse-sql.js';
import { dynamo, resetClientsForTests } from '../shared/aws/clients.js';
import { resetConfigForTests } from '../shared/config.js';
import { exportChanges } from '../shared/warehouse/export-changes.js';
import { parquetOf } from '../shared/warehouse/parquet-files.js';
import type { WarehouseRow } from '../shared/warehouse/rows.js';
import { savedQuery } from '../shared/warehouse/saved-queries.js';
import { warehouseTable } from '../shared/warehouse/tables.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const quick = process.argv.includes('--quick');
const scratch = mkdtempSync(join(tmpdir(), 'warehouse-bench-'));
const dynamodb = await startDynamoDbLocal();
const s3 = await startLocalS3({ directory: join(scratch, 's3'), buckets: ['exports'], allowedOrigin: 'http://localhost', onObjectEvent: () => undefined });
Object.assign(process.env, {
  TABLE_NAME: 'dossier', EXPORTS_BUCKET: 'exports', PSEUDONYM_KEY: 'bench pseudonym key, not a secret',
  DYNAMODB_ENDPOINT: dynamodb.endpoint, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true',
  AWS_REGION: 'eu-west-3', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', POWERTOOLS_LOG_LEVEL: 'SILENT',
});
resetConfigForTests();
resetClientsForTests();
await ensureTable(dynamodb.endpoint, 'dossier');

const STATUSES = ['qualification', 'document-collection', 'medical-review', 'decided', 'closed'];
const TYPES = ['occupational-disease', 'property-claim', 'health-reimbursement'];
const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + ((i * 2_654_435_761) % (330 * 86_400_000))).toISOString();
// The stream hands over what was just written: the changes of the last hour.
const recently = (i: number) => new Date(Date.now() - (i % 3600) * 1000).toISOString();

/** What a case's life writes, in the proportions of scenario A: case changes, history entries, tasks. */
function item(i: number): Record<string, unknown> {
  const caseId = `C${(i >> 3).toString().padStart(8, '0')}`;
  switch (i % 4) {
    case 0:
      return { pk: `CASE#${caseId}`, sk: 'CASE', entity: 'case', caseId, type: TYPES[i % 3], status: STATUSES[i % 5], ownerId: `owner-${i % 5000}`, summary: { claimantName: 'Bench Claimant', title: 'Case' }, createdAt: recently(i), updatedAt: recently(i + 1), version: 1 + (i % 7) };
    case 3:
      return { pk: `TASK#T${i}`, sk: 'TASK', entity: 'task', taskId: `T${i}`, caseId, caseType: TYPES[i % 3], kind: 'qualification', queue: i % 2 ? 'agent' : 'expert', status: 'completed', priority: 'normal', createdAt: recently(i), assignedAt: recently(i + 2), dueAt: recently(i + 3), completedAt: recently(i + 4), completedBy: `agent${i % 20}`, outcome: 'accepted', updatedAt: recently(i + 4), version: 3 };
    default:
      return { pk: `CASE#${caseId}`, sk: `HIST#${String(i).padStart(10, '0')}`, entity: 'history', caseId, seq: i, at: recently(i), action: 'task.completed', actor: { userId: 'u', username: 'agent1', role: 'agent' }, prevHash: '0', hash: '1' };
  }
}

const streamRecord = (i: number): DynamoDBRecord => ({
  eventID: `e${i}`,
  eventName: 'MODIFY',
  dynamodb: { NewImage: marshall(item(i), { removeUndefinedValues: true }) as never, ApproximateCreationDateTime: Math.floor(Date.now() / 1000), SequenceNumber: String(i) },
});

async function putItems(from: number, count: number, concurrency = 20): Promise<number> {
  let next = from;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < from + count; i = next++) await dynamo().send(new PutCommand({ TableName: 'dossier', Item: item(i) }));
  }));
  return count / ((performance.now() - start) / 1000);
}

async function exportRecords(from: number, count: number): Promise<number> {
  const batches: DynamoDBRecord[][] = [];
  for (let i = from; i < from + count; i += 1000) batches.push(Array.from({ length: Math.min(1000, from + count - i) }, (_, k) => streamRecord(i + k)));
  const start = performance.now();
  // One batch at a time per shard, as Lambda hands a shard's batches; two shards side by side.
  await Promise.all([0, 1].map(async (lane) => {
    for (let b = lane; b < batches.length; b += 2) await exportChanges(batches[b]!);
  }));
  return count / ((performance.now() - start) / 1000);
}

try {
  const rounds = 5;
  const perRound = quick ? 2000 : 5000;
  await putItems(10_000_000, 1000);
  await exportRecords(10_000_000, 2000);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const put = await putItems(r * perRound, perRound);
    const exported = await exportRecords(r * perRound, perRound);
    ratios.push(exported / put);
    console.log(`round ${r + 1}: raw PutItem ${put.toFixed(0)}/s, export ${exported.toFixed(0)} records/s, ratio ${(exported / put).toFixed(2)}`);
  }
  ratios.sort((a, b) => a - b);
  console.log(`export / raw PutItem: median ratio ${ratios[Math.floor(rounds / 2)]!.toFixed(2)} (goal: ≥ 1, the export keeps up with the writes)`);

  // 2. Saved queries over many facts.
  const facts = quick ? 100_000 : 1_000_000;
  const directory = join(scratch, 'facts');
  const table = warehouseTable('case_facts');
  const amounts = warehouseTable('case_amounts');
  const writeStart = performance.now();
  for (let file = 0; file < facts / 10_000; file++) {
    const factRows: WarehouseRow[] = [];
    const amountRows: WarehouseRow[] = [];
    for (let k = 0; k < 10_000; k++) {
      const i = file * 10_000 + k;
      const created = new Date(at(i));
      const closed = i % 3 === 0 ? new Date(created.getTime() + (1 + (i % 400)) * 3_600_000) : null;
      const changed = closed ?? created;
      factRows.push({ case_id: `C${i}`, case_type: TYPES[i % 3]!, status: closed ? 'closed' : STATUSES[i % 4]!, open: !closed, member_key: `m${i % 50_000}`, created_at: created, updated_at: changed, closed_at: closed, close_reason: closed ? 'decided' : null, sla_state: 'on-track', version: 1 + (i % 5), record_id: `e${i}`, changed_at: changed });
      amountRows.push({ case_id: `C${i}`, case_type: TYPES[i % 3]!, amount: `${(i % 9000) + 100}.50`, currency: 'EUR', business_line: i % 2 ? 'property' : 'health', region: String(10 + (i % 80)), version: 1, record_id: `a${i}`, changed_at: created });
    }
    for (const [spec, rows] of [[table, factRows], [amounts, amountRows]] as const) {
      const folder = join(directory, spec.prefix, `dt=2026-${String(1 + (file % 11)).padStart(2, '0')}-01`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `f${file}.parquet`), parquetOf(spec, rows));
    }
  }
  console.log(`${facts.toLocaleString('en')} facts and amounts written as ${(2 * facts) / 10_000} Parquet files in ${((performance.now() - writeStart) / 1000).toFixed(1)} s`);
  const db = await openWarehouse({ directory });
  for (const name of ['open-cases-by-type', 'processing-time-by-type-and-month', 'amount-by-line-and-region']) {
    const start = performance.now();
    const rows = await query(db, savedQuery(name)!.sql);
    console.log(`${name} over ${facts.toLocaleString('en')} facts: ${((performance.now() - start) / 1000).toFixed(2)} s (${rows.length} rows)`);
  }
} finally {
  await s3.stop();
  await dynamodb.stop();
  rmSync(scratch, { recursive: true, force: true });
}
