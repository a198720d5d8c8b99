import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { CASE_DETAILS_ENTITY } from '../cases/case-details.js';
import { config } from '../config.js';
import { writeWarehouseFiles } from './parquet-files.js';
import { rowsOfChange, type TableRow } from './rows.js';

// The warehouse's back-fill: what the table held before its stream was read (a deployment with
// data from before the export, or changes older than the stream's 24 hours), exported once from a
// scan of the table. Each item gives the rows its latest change would have given; a row the stream
// also exported carries the same key and version, so the saved queries count it once, and running
// the back-fill again writes the same files (named after the items exported).

const KEPT = new Set(['case', CASE_DETAILS_ENTITY, 'history', 'task', 'decision', 'payment']);
const SEGMENTS = 4;
const FILE_ROWS = 10_000;

export interface BackfillReport {
  readonly items: number;
  readonly rows: number;
  readonly files: number;
}

export async function backfillWarehouse(): Promise<BackfillReport> {
  const items: Record<string, unknown>[] = [];
  await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await dynamo().send(new ScanCommand({ TableName: config().TABLE_NAME, Segment: segment, TotalSegments: SEGMENTS, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []).filter((item) => KEPT.has(item.entity as string)));
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
  // Details items written before they carried their case's type take it from their case item.
  const typeOf = new Map(items.filter((i) => i.entity === 'case').map((i) => [i.caseId as string, i.type as string]));
  const rows: TableRow[] = items.flatMap((item) => {
    const complete = item.entity === CASE_DETAILS_ENTITY && !item.caseType ? { ...item, caseType: typeOf.get(item.caseId as string) } : item;
    const observedAt = new Date(String(item.updatedAt ?? item.at ?? item.evaluatedAt ?? item.requestedAt ?? new Date().toISOString()));
    return rowsOfChange({ recordId: `backfill:${item.pk as string}:${item.sk as string}`, eventName: 'INSERT', item: complete, observedAt });
  });
  rows.sort((a, b) => String(a.row.record_id).localeCompare(String(b.row.record_id)));
  let files = 0;
  for (let i = 0; i < rows.length; i += FILE_ROWS) {
    const chunk = rows.slice(i, i + FILE_ROWS);
    files += (await writeWarehouseFiles(chunk, `backfill-${String(chunk[0]!.row.record_id).replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}-${chunk.length}`)).keys.length;
  }
  return { items: items.length, rows: rows.length, files };
}
