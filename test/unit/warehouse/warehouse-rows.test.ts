import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse, query } from '#local/warehouse-sql.js';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { resetConfigForTests } from '#shared/config.js';
import { exportChanges } from '#shared/warehouse/export-changes.js';
import { memberKey } from '#shared/warehouse/pseudonym.js';
import { rowsOfChange, type ItemChange } from '#shared/warehouse/rows.js';

// What a change of the table gives the warehouse, and the files a batch becomes. S3 is mocked to
// catch the objects, which DuckDB then reads as `npm run sql` would.

const s3 = mockClient(S3Client);
const scratch = mkdtempSync(join(tmpdir(), 'warehouse-unit-'));
const objects = new Map<string, Uint8Array>();

beforeEach(() => {
  process.env.TABLE_NAME = 'dossier';
  process.env.EXPORTS_BUCKET = 'exports';
  process.env.PSEUDONYM_KEY = 'a test key of enough length';
  resetConfigForTests();
  resetClientsForTests();
  s3.reset();
  objects.clear();
  s3.on(PutObjectCommand).callsFake((input: { Key: string; Body: Uint8Array }) => {
    objects.set(input.Key, input.Body);
    return {};
  });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const caseItem = {
  pk: 'CASE#C1',
  sk: 'CASE',
  entity: 'case',
  caseId: 'C1',
  type: 'property-claim',
  status: 'qualification',
  ownerId: 'owner-123',
  summary: { claimantName: 'Paul Martin', title: 'Dégât des eaux' },
  searchText: 'paul martin',
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-03T10:00:00.000Z',
  version: 3,
};
const change = (item: Record<string, unknown> | undefined, eventName: ItemChange['eventName'] = 'MODIFY', recordId = 'r1'): ItemChange => ({ recordId, eventName, item, observedAt: new Date('2026-11-05T00:00:00Z') });

describe('the rows of a change', () => {
  it("keeps a case's facts without its people: the name goes to the identities, under a member key", () => {
    const rows = rowsOfChange(change(caseItem));
    const facts = rows.find((r) => r.table === 'case_facts')!.row;
    expect(facts).toMatchObject({ case_id: 'C1', case_type: 'property-claim', status: 'qualification', open: true, version: 3, record_id: 'r1' });
    expect(facts.changed_at).toEqual(new Date('2026-11-03T10:00:00.000Z'));
    expect(JSON.stringify(facts)).not.toMatch(/Paul|Martin|owner-123/);
    expect(rows.find((r) => r.table === 'identities')!.row).toMatchObject({ member_key: facts.member_key, claimant_name: 'Paul Martin' });
    // A later change that leaves the claimant as they were says nothing more of them.
    const later = rowsOfChange({ ...change({ ...caseItem, status: 'closed', version: 4 }), previous: caseItem });
    expect(later.map((r) => r.table)).toEqual(['case_facts']);
  });

  it('gives a member one key across cases, unrelated to the account id, and another key another one', () => {
    const key = memberKey({ caseId: 'C1', ownerId: 'owner-123' });
    expect(memberKey({ caseId: 'C2', ownerId: 'owner-123' })).toBe(key);
    expect(key).not.toContain('owner');
    expect(memberKey({ caseId: 'C1', ownerId: 'owner-124' })).not.toBe(key);
    process.env.PSEUDONYM_KEY = 'another key of enough length';
    resetConfigForTests();
    expect(memberKey({ caseId: 'C1', ownerId: 'owner-123' })).not.toBe(key);
  });

  it("reads the amount from a details item's claim as its type says, and the declaration's entry carried by a new case", () => {
    const details = { pk: 'CASE#C1', sk: 'CASE#DETAILS', entity: 'case-details', caseId: 'C1', caseType: 'property-claim', itemSeq: 4, data: { businessLine: 'property', region: '75', claimedAmount: '8000.00', currency: 'EUR', claimant: { firstName: 'Paul' } } };
    expect(rowsOfChange(change(details))).toEqual([
      { table: 'case_amounts', row: expect.objectContaining({ case_id: 'C1', amount: '8000.00', currency: 'EUR', business_line: 'property', region: '75', version: 4 }) },
    ]);
    const declared = { ...caseItem, status: 'received', version: 1, pendingHistory: [{ seq: 1, at: '2026-11-02T09:00:00.000Z', action: 'case.created', actor: { userId: 'owner-123', username: 'claimant1', role: 'claimant' }, prevHash: '0', hash: 'h' }] };
    const history = rowsOfChange(change(declared, 'INSERT')).filter((r) => r.table === 'history_events');
    expect(history).toEqual([{ table: 'history_events', row: expect.objectContaining({ case_id: 'C1', seq: 1, action: 'case.created', actor_role: 'claimant' }) }]);
    expect(JSON.stringify(history)).not.toContain('claimant1');
  });

  it('gives a payment one row per envelope it draws on, and one without an envelope when it draws on none', () => {
    const payment = { pk: 'CASE#H1', sk: 'PAYMENT#1', entity: 'payment', paymentId: 'H1-1', caseId: 'H1', caseType: 'health-reimbursement', amount: '38.55', currency: 'EUR', payee: 'M0012345', requestedAt: '2026-06-01T08:00:00.000Z', allocations: [{ envelope: 'medicines', amount: '13.80' }, { envelope: 'consultations', amount: '24.75' }] };
    const rows = rowsOfChange(change(payment, 'INSERT'));
    expect(rows.map((r) => [r.table, r.row.envelope, r.row.allocated_amount, r.row.budget_id, r.row.budget_year])).toEqual([
      ['payments', 'medicines', '13.80', 'health-fund', 2026],
      ['payments', 'consultations', '24.75', 'health-fund', 2026],
    ]);
    // The payee is the member's number: not in the facts.
    expect(JSON.stringify(rows)).not.toContain('M0012345');
    expect(rowsOfChange(change({ ...payment, caseType: 'property-claim', allocations: [] }, 'INSERT')).map((r) => r.row.envelope)).toEqual([null]);
  });

  it('ignores removals and the items reporting does not keep (counters, markers, ledger)', () => {
    expect(rowsOfChange(change(caseItem, 'REMOVE'))).toEqual([]);
    expect(rowsOfChange(change({ pk: 'KPI#NOW#1', sk: 'NOW', 'open:x:y': 1 }))).toEqual([]);
    expect(rowsOfChange(change({ pk: 'BUDGET#health-fund#2026', sk: 'ENVELOPE#medicines#1', entity: 'ledger', committed: 1 }))).toEqual([]);
  });
});

const record = (id: string, item: Record<string, unknown>, eventName: 'INSERT' | 'MODIFY' = 'MODIFY'): DynamoDBRecord => ({
  eventID: id,
  eventName,
  dynamodb: { NewImage: marshall(item, { removeUndefinedValues: true }) as never, ApproximateCreationDateTime: Date.parse('2026-11-05T00:00:00Z') / 1000 },
});

/** The captured objects as files, where DuckDB finds them. */
async function warehouseOfObjects() {
  const directory = mkdtempSync(join(scratch, 'bucket-'));
  for (const [key, body] of objects) {
    mkdirSync(dirname(join(directory, key)), { recursive: true });
    writeFileSync(join(directory, key), body);
  }
  return openWarehouse({ directory });
}

describe('the files of a batch', () => {
  it('writes Parquet per table and day of the change, which DuckDB reads back with their types', async () => {
    const records = [record('a', caseItem), record('b', { ...caseItem, status: 'closed', version: 4, updatedAt: '2026-11-04T12:00:00.000Z', closedAt: '2026-11-04T12:00:00.000Z', closeReason: 'decided' })];
    const written = await exportChanges(records);
    expect(written.rows).toMatchObject({ case_facts: 2, identities: 2 });
    expect(written.keys.filter((k) => k.startsWith('warehouse/case_facts/')).map((k) => k.split('/')[2])).toEqual(['dt=2026-11-03', 'dt=2026-11-04']);
    expect(written.keys.some((k) => k.startsWith('warehouse-restricted/identities/'))).toBe(true);
    const db = await warehouseOfObjects();
    expect(await query(db, 'SELECT case_id, status, open, version, closed_at, dt FROM case_facts ORDER BY version')).toEqual([
      { case_id: 'C1', status: 'qualification', open: true, version: '3', closed_at: null, dt: '2026-11-03' },
      { case_id: 'C1', status: 'closed', open: false, version: '4', closed_at: '2026-11-04 12:00:00', dt: '2026-11-04' },
    ]);
  });

  it('names the files after the records: the same batch again, in any order, overwrites them', async () => {
    const records = [record('a', caseItem), record('b', { ...caseItem, version: 4 })];
    const first = await exportChanges(records);
    const again = await exportChanges([...records].reverse());
    expect(again.keys).toEqual(first.keys);
    const other = await exportChanges([records[0]!]);
    expect(other.keys.some((k) => first.keys.includes(k))).toBe(false);
  });

  it('writes nothing for a batch of items reporting does not keep', async () => {
    expect(await exportChanges([record('k', { pk: 'KPI#NOW#1', sk: 'NOW' })])).toEqual({ keys: [], rows: {}, records: 1 });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
