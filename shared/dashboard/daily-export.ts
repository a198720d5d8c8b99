import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, s3Client } from '../aws/clients.js';
import type { CaseRecord } from '../cases/case-record.js';
import { withCaseDetails } from '../cases/case-details.js';
import { config } from '../config.js';
import { involvedAmountOf, isOpenCase, recordedSlaState } from './kpi-counters.js';
import { readKpis } from './kpi-store.js';

// The daily export for reporting teams: gzipped JSON Lines under Hive-style date partitions
// (`case-facts/dt=<day>/`, `kpis/dt=<day>/`) that the Glue tables of the stack describe, so Athena
// (or any tool reading S3) queries them. Facts only — ids, types, states, times, amounts — never a
// name or a medical detail. Writing a day again replaces its objects: a retried run is harmless.

const gzipped = promisify(gzip);
export const CASE_FACTS_PREFIX = 'case-facts';
export const KPIS_PREFIX = 'kpis';

/** One line per case that changed on the day: what reporting needs, nothing personal. */
export function caseFact(record: CaseRecord) {
  const money = involvedAmountOf(record);
  return {
    caseId: record.caseId,
    type: record.type,
    status: record.status,
    open: isOpenCase(record),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    closedAt: (record as { closedAt?: string }).closedAt ?? null,
    closeReason: (record as { closeReason?: string }).closeReason ?? null,
    slaState: record.clock ? recordedSlaState(record.clock) : null,
    amount: money?.amount ?? null,
    currency: money?.currency ?? null,
    businessLine: money?.businessLine ?? null,
    region: money?.region ?? null,
  };
}

/** Cases updated on `day`. A batch job: it reads the table once, which its nightly slot allows. */
async function casesUpdatedOn(day: string): Promise<CaseRecord[]> {
  const found: CaseRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: config().TABLE_NAME,
        FilterExpression: 'entity = :case AND begins_with(updatedAt, :day)',
        ExpressionAttributeValues: { ':case': 'case', ':day': day },
        ExclusiveStartKey: start,
      }),
    );
    // The claim data (the amount involved) is in the details item of a registered case.
    found.push(...(await withCaseDetails(page.Items ?? [])));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

async function putJsonLines(key: string, rows: readonly unknown[]): Promise<void> {
  const body = await gzipped(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  await s3Client().send(new PutObjectCommand({ Bucket: config().EXPORTS_BUCKET!, Key: key, Body: body, ContentType: 'application/x-ndjson', ContentEncoding: 'gzip' }));
}

export async function exportDay(day: string): Promise<{ day: string; cases: number; counters: number; keys: string[] }> {
  if (!config().EXPORTS_BUCKET) throw new Error('EXPORTS_BUCKET is not configured');
  const facts = (await casesUpdatedOn(day)).map(caseFact);
  const { daily } = await readKpis(day);
  const counters = [...(daily.get(day) ?? new Map())].map(([counter, value]) => ({ day, counter, value: value.toString() }));
  const keys = [`${CASE_FACTS_PREFIX}/dt=${day}/cases.jsonl.gz`, `${KPIS_PREFIX}/dt=${day}/kpis.jsonl.gz`];
  await putJsonLines(keys[0]!, facts);
  await putJsonLines(keys[1]!, counters);
  return { day, cases: facts.length, counters: counters.length, keys };
}
