import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { allBudgets } from '../case-types/index.js';
import { s3Client } from '../aws/clients.js';
import { config } from '../config.js';
import type { TableRow, WarehouseRow } from './rows.js';
import { warehouseTable, type ColumnType, type WarehouseTable, type WarehouseTableName } from './tables.js';

// Rows to Parquet files in the exports bucket. One file per table and day for each batch of stream
// records, named after the batch (a hash of its records' ids, `batchIdOf`): a batch handed over
// again (a retry, a replay from the dead-letter queue) writes the same objects again instead of
// adding rows.

const PARQUET_TYPE: Record<ColumnType, 'STRING' | 'TIMESTAMP' | 'INT64' | 'BOOLEAN'> = {
  string: 'STRING',
  timestamp: 'TIMESTAMP',
  bigint: 'INT64',
  boolean: 'BOOLEAN',
};

/** A Parquet file of rows of one table, columns in the table's order and types. */
export function parquetOf(table: WarehouseTable, rows: readonly WarehouseRow[]): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: table.columns.map((column) => ({
      name: column.name,
      type: PARQUET_TYPE[column.type],
      data: rows.map((row) => {
        const value = row[column.name] ?? null;
        if (value === null) return null;
        if (column.type === 'bigint') return BigInt(value as number);
        return value;
      }),
    })),
  });
  return new Uint8Array(buffer);
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

export interface WrittenFiles {
  readonly keys: readonly string[];
  readonly rows: Readonly<Partial<Record<WarehouseTableName, number>>>;
}

/**
 * Writes the rows of one batch, each under the day its change happened (a late record lands in
 * its own day, not in the day it arrived). `batchId` names the batch's files.
 */
export async function writeWarehouseFiles(rows: readonly TableRow[], batchId: string): Promise<WrittenFiles> {
  const bucket = config().EXPORTS_BUCKET;
  if (!bucket) throw new Error('EXPORTS_BUCKET is not configured');
  const groups = new Map<string, { table: WarehouseTable; rows: WarehouseRow[]; key: string }>();
  const counts: Partial<Record<WarehouseTableName, number>> = {};
  for (const { table: name, row } of rows) {
    const table = warehouseTable(name);
    const key = `${table.prefix}/dt=${dayOf(row.changed_at as Date)}/${batchId}.parquet`;
    const group = groups.get(key) ?? { table, rows: [], key };
    group.rows.push(row);
    groups.set(key, group);
    counts[name] = (counts[name] ?? 0) + 1;
  }
  // Budget consumption needs what each envelope was given: the budgets of the years paid in.
  const years = new Set(rows.filter((r) => r.table === 'payments' && r.row.budget_year !== null).map((r) => r.row.budget_year as number));
  for (const year of years) {
    const table = warehouseTable('budget_envelopes');
    groups.set(`budgets-${year}`, { table, rows: budgetRows(year), key: `${table.prefix}/dt=${year}-01-01/budgets.parquet` });
  }
  await Promise.all(
    [...groups.values()].map((group) =>
      s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: group.key, Body: parquetOf(group.table, group.rows), ContentType: 'application/vnd.apache.parquet' })),
    ),
  );
  return { keys: [...groups.values()].map((g) => g.key), rows: counts };
}

/** The envelopes of every budget the case types draw on, for one year. */
export function budgetRows(year: number): WarehouseRow[] {
  const at = new Date(Date.UTC(year, 0, 1));
  return allBudgets().flatMap((budget) =>
    budget.envelopes.map((e) => ({
      budget_id: budget.id,
      budget_year: year,
      envelope: e.envelope,
      annual: e.annual,
      currency: budget.currency,
      alert_share: String(budget.alertShare),
      record_id: `budget:${budget.id}:${year}:${e.envelope}`,
      changed_at: at,
    })),
  );
}
