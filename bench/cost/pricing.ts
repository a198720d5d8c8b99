// Pure arithmetic of the cost bench: counted operations × unit prices (bench/aws-prices.json).
import { GLACIER_IR_MINIMUM_BYTES } from '#shared/documents/archive-storage-class.js';
import type { Usage } from '#shared/metering/meter.js';

export interface Price {
  readonly key: string;
  readonly service: string;
  readonly item: string;
  /** Dollars per `per` units. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly region: string;
  readonly source: string;
  readonly asOf: string;
  readonly euWest3?: { readonly usd: number; readonly source: string };
}

export interface PriceBook {
  readonly region: string;
  readonly asOf: string;
  readonly prices: readonly Price[];
}

/** Which counted metric each price applies to; other metrics are shown but cost nothing themselves. */
export const PRICED_METRICS: Readonly<Record<string, string>> = {
  'stepfunctions/state transitions': 'stepfunctions.stateTransitions',
  'lambda/invocations': 'lambda.requests',
  'lambda/GB-seconds': 'lambda.arm64GbSeconds',
  'dynamodb/write request units': 'dynamodb.writeRequestUnits',
  'dynamodb/read request units': 'dynamodb.readRequestUnits',
  's3/PUT, COPY, POST, LIST requests': 's3.putCopyPostListRequests',
  's3/GET and other requests': 's3.getAndOtherRequests',
  's3/PUT, COPY, POST, LIST requests into Glacier IR': 's3.glacierInstantRetrievalPutRequests',
  's3/lifecycle transitions': 's3.glacierInstantRetrievalTransitions',
  'eventbridge/custom events': 'eventbridge.customEvents',
  'eventbridge/archived bytes': 'eventbridge.archiveProcessing',
  'apigateway/requests': 'apigateway.httpApiRequests',
  'sqs/requests': 'sqs.standardRequests',
  'ses/e-mails': 'ses.emails',
  'cloudtrail/data events': 'cloudtrail.dataEvents',
};

export interface CostLine {
  readonly service: string;
  readonly metric: string;
  readonly quantity: number;
  readonly price: Price;
  readonly usd: number;
}

export function priceOf(book: PriceBook, key: string): Price {
  const price = book.prices.find((p) => p.key === key);
  if (!price) throw new Error(`no price ${key} in the price book`);
  return price;
}

export const dollars = (quantity: number, price: Price) => (quantity * price.usd) / price.per;

/** Adds up usage by service and metric, whoever caused it. */
export function totals(usage: readonly Usage[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const u of usage) sums.set(`${u.service}/${u.metric}`, (sums.get(`${u.service}/${u.metric}`) ?? 0) + u.quantity);
  return sums;
}

/** One line per priced metric, for `cases` cases: quantities and dollars are per case. */
export function costLines(usage: readonly Usage[], book: PriceBook, cases = 1): CostLine[] {
  const lines: CostLine[] = [];
  for (const [metric, sum] of totals(usage)) {
    const key = PRICED_METRICS[metric];
    if (!key) continue;
    const price = priceOf(book, key);
    const quantity = sum / cases;
    lines.push({ service: price.service, metric: metric.slice(metric.indexOf('/') + 1), quantity, price, usd: dollars(quantity, price) });
  }
  return lines.sort((a, b) => b.usd - a.usd);
}

export interface ServiceCost {
  readonly service: string;
  readonly usd: number;
  /** Of the total, 0 to 1. */
  readonly share: number;
}

export function byService(lines: readonly CostLine[]): ServiceCost[] {
  const sums = new Map<string, number>();
  for (const line of lines) sums.set(line.service, (sums.get(line.service) ?? 0) + line.usd);
  const total = sum(lines.map((l) => l.usd));
  return [...sums].map(([service, usd]) => ({ service, usd, share: total ? usd / total : 0 })).sort((a, b) => b.usd - a.usd);
}

export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The same book with the Paris price wherever one is known; also says which prices changed. */
export function parisPrices(book: PriceBook): { book: PriceBook; replaced: string[] } {
  const replaced = book.prices.filter((p) => p.euWest3).map((p) => p.key);
  return {
    book: { ...book, region: 'eu-west-3 where known, else us-east-1', prices: book.prices.map((p) => (p.euWest3 ? { ...p, usd: p.euWest3.usd, region: 'eu-west-3' } : p)) },
    replaced,
  };
}

/** An object left in the archive bucket, and the storage class it was written in. */
export interface ArchivedObject {
  readonly bytes: number;
  readonly storageClass: string;
}

export interface StoredBytes {
  /** The table's items and their index copies, as DynamoDB bills storage. */
  readonly dynamodb: number;
  /** Objects kept in S3 Standard (the documents bucket, versions included). */
  readonly s3Standard: number;
  /** Archived objects one by one: Glacier Instant Retrieval bills each as at least 128 KB. */
  readonly archiveObjects: readonly ArchivedObject[];
}

/** Archived objects that end in Glacier IR: written there, or moved there by the bucket's rule. */
const inGlacierIr = (o: ArchivedObject) => o.storageClass === 'GLACIER_IR' || o.bytes >= GLACIER_IR_MINIMUM_BYTES;

/**
 * The archive bucket's lifecycle rule moves objects still in Standard to Glacier Instant Retrieval
 * 30 days after they are written, one billed transition request each; S3 leaves objects under
 * 128 KB where they are by default. Archives written straight into Glacier IR need none.
 */
export function lifecycleTransitions(objects: readonly ArchivedObject[], bucket: string): Usage {
  const moved = objects.filter((o) => o.storageClass === 'STANDARD' && o.bytes >= GLACIER_IR_MINIMUM_BYTES);
  return { service: 's3', metric: 'lifecycle transitions', by: bucket, quantity: moved.length };
}

/**
 * Monthly storage cost of what the cases left behind, per case, once the archive is where it stays
 * (after 30 days): the table with its continuous backups, the documents in S3 Standard, the
 * archive in Glacier IR (at least 128 KB an object) and the small archives left in Standard.
 */
export function monthlyStorage(stored: StoredBytes, book: PriceBook, cases = 1): { service: string; item: string; bytes: number; usd: number }[] {
  const archiveBilled = sum(stored.archiveObjects.filter(inGlacierIr).map((o) => Math.max(o.bytes, GLACIER_IR_MINIMUM_BYTES)));
  const archiveStandard = sum(stored.archiveObjects.filter((o) => !inGlacierIr(o)).map((o) => o.bytes));
  const lines = [
    { service: 'DynamoDB', item: 'table storage', bytes: stored.dynamodb, usd: dollars(stored.dynamodb, priceOf(book, 'dynamodb.storage')) },
    { service: 'DynamoDB', item: 'point-in-time recovery', bytes: stored.dynamodb, usd: dollars(stored.dynamodb, priceOf(book, 'dynamodb.pitr')) },
    { service: 'S3', item: 'documents (Standard)', bytes: stored.s3Standard, usd: dollars(stored.s3Standard, priceOf(book, 's3.standardStorage')) },
    { service: 'S3', item: 'archive (Glacier IR, billed ≥ 128 KB per object)', bytes: archiveBilled, usd: dollars(archiveBilled, priceOf(book, 's3.glacierInstantRetrievalStorage')) },
    { service: 'S3', item: 'archive under 128 KB (Standard)', bytes: archiveStandard, usd: dollars(archiveStandard, priceOf(book, 's3.standardStorage')) },
  ];
  return lines.map((l) => ({ ...l, bytes: l.bytes / cases, usd: l.usd / cases }));
}

/**
 * The CloudTrail trail on the documents and archive buckets records each object-level request
 * to them as a data event (free DELETEs included): derived from the S3 counts.
 */
export function withCloudTrailDataEvents(usage: readonly Usage[], trailedBuckets: readonly string[]): Usage[] {
  const trailed = usage.filter((u) => u.service === 's3' && trailedBuckets.includes(u.by));
  return [...usage, ...trailed.map((u) => ({ service: 'cloudtrail', metric: 'data events', by: u.by, quantity: u.quantity }))];
}

/** One entry per service, metric and cause, adding up the quantities (of several runs, say). */
export function mergeUsage(usage: readonly Usage[]): Usage[] {
  const merged = new Map<string, Usage>();
  for (const u of usage) {
    const key = `${u.service}\u0000${u.metric}\u0000${u.by}`;
    const seen = merged.get(key);
    merged.set(key, { ...u, quantity: (seen?.quantity ?? 0) + u.quantity });
  }
  return [...merged.values()];
}
