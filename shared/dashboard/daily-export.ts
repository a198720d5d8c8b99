import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/clients.js';
import { config } from '../config.js';
import { readKpis } from './kpi-store.js';

// The daily export of the dashboard's counters for reporting teams: gzipped JSON Lines under
// Hive-style date partitions (`kpis/dt=<day>/`) that a Glue table of the stack describes. The cases
// themselves reach the warehouse as they change (shared/warehouse/), not by a nightly scan.
// Writing a day again replaces its object: a retried run is harmless.

const gzipped = promisify(gzip);
export const KPIS_PREFIX = 'kpis';

async function putJsonLines(key: string, rows: readonly unknown[]): Promise<void> {
  const body = await gzipped(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  await s3Client().send(new PutObjectCommand({ Bucket: config().EXPORTS_BUCKET!, Key: key, Body: body, ContentType: 'application/x-ndjson', ContentEncoding: 'gzip' }));
}

export async function exportDay(day: string): Promise<{ day: string; counters: number; keys: string[] }> {
  if (!config().EXPORTS_BUCKET) throw new Error('EXPORTS_BUCKET is not configured');
  const { daily } = await readKpis(day);
  const counters = [...(daily.get(day) ?? new Map())].map(([counter, value]) => ({ day, counter, value: value.toString() }));
  const keys = [`${KPIS_PREFIX}/dt=${day}/kpis.jsonl.gz`];
  await putJsonLines(keys[0]!, counters);
  return { day, counters: counters.length, keys };
}
