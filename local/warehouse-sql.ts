import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { WAREHOUSE_TABLES, type ColumnType } from '#shared/warehouse/tables.js';

// DuckDB, embedded, over the warehouse's Parquet files: one view per table, named as in Glue, so
// the saved queries run here as they do on Athena.

const DUCKDB_TYPE: Record<ColumnType, string> = { string: 'VARCHAR', timestamp: 'TIMESTAMP', bigint: 'BIGINT', boolean: 'BOOLEAN' };

export interface WarehouseFiles {
  /** The folder holding the exports bucket's keys (`warehouse/<table>/dt=.../<batch>.parquet`). */
  readonly directory: string;
  /** How a stored object's file name ends: `.parquet`, or s3rver's `.parquet._S3rver_object`. */
  readonly suffix?: string;
}

export async function openWarehouse(files: WarehouseFiles): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // The warehouse's times are UTC; so are the queries' months.
  await connection.run("SET TimeZone = 'UTC'");
  const suffix = files.suffix ?? '.parquet';
  for (const table of WAREHOUSE_TABLES) {
    const pattern = join(files.directory, table.prefix, 'dt=*', `*${suffix}`);
    const columns = table.columns.map((c) => `"${c.name}"`).join(', ');
    const quoted = `'${pattern.replace(/'/g, "''")}'`;
    const found = await connection.runAndReadAll(`SELECT count(*) AS n FROM glob(${quoted})`);
    const hasFiles = Number(found.getRows()[0]![0]) > 0;
    // A table nothing was exported to yet is an empty view of the same columns.
    const source = hasFiles
      ? `SELECT ${columns}, dt FROM read_parquet(${quoted}, hive_partitioning = true, hive_types = {'dt': VARCHAR}, union_by_name = true)`
      : `SELECT ${table.columns.map((c) => `CAST(NULL AS ${DUCKDB_TYPE[c.type]}) AS ${c.name}`).join(', ')}, CAST(NULL AS VARCHAR) AS dt WHERE false`;
    await connection.run(`CREATE VIEW ${table.name} AS ${source}`);
  }
  return connection;
}

/** Rows as plain objects: numbers as numbers, decimals and big integers as strings, times as ISO text. */
export async function query(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}
