import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLACIER_IR_MINIMUM_BYTES } from '#shared/documents/archive-storage-class.js';
import {
  byService,
  costLines,
  mergeUsage,
  monthlyStorage,
  parisPrices,
  PRICED_METRICS,
  withCloudTrailDataEvents,
  lifecycleTransitions,
  type PriceBook,
} from '../../../bench/cost/pricing.js';

const book = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'bench', 'aws-prices.json'), 'utf8')) as PriceBook;
const use = (service: string, metric: string, quantity: number, by = 'fn') => ({ service, metric, by, quantity });

describe('the price book', () => {
  it('has a price, with its unit, region, source and date, for every metric the bench prices', () => {
    for (const key of Object.values(PRICED_METRICS)) {
      const price = book.prices.find((p) => p.key === key);
      expect(price, key).toBeDefined();
      expect(price).toMatchObject({ unit: expect.any(String), region: expect.any(String), source: expect.stringMatching(/^https:\/\//), asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      expect(price!.usd).toBeGreaterThan(0);
    }
  });
});

describe('cost per case', () => {
  it('divides the counts by the number of cases and multiplies by the unit price', () => {
    const lines = costLines([use('stepfunctions', 'state transitions', 26, 'occupational-disease'), use('lambda', 'GB-seconds', 3)], book, 2);
    const transitions = lines.find((l) => l.metric === 'state transitions')!;
    expect(transitions.quantity).toBe(13);
    expect(transitions.usd).toBeCloseTo((13 * 0.025) / 1000, 12);
    expect(lines.find((l) => l.metric === 'GB-seconds')!.usd).toBeCloseTo(1.5 * 0.0000133334, 12);
  });

  it('adds up a metric over whoever caused it, prices nothing it has no price for, and lists the dearest first', () => {
    const lines = costLines(
      [use('dynamodb', 'write request units', 300, 'complete-task'), use('dynamodb', 'write request units', 100, 'notify'), use('dynamodb', 'GetItem requests', 50), use('sqs', 'requests', 3)],
      book,
    );
    expect(lines.map((l) => l.metric)).toEqual(['write request units', 'requests']);
    expect(lines[0]!.quantity).toBe(400);
    expect(lines[0]!.usd).toBeCloseTo((400 * 0.625) / 1_000_000, 12);
  });

  it("gives each service its share of the total", () => {
    const shares = byService(costLines([use('stepfunctions', 'state transitions', 12), use('lambda', 'invocations', 1000), use('lambda', 'GB-seconds', 6)], book));
    expect(shares.map((s) => s.service)).toEqual(['Step Functions', 'Lambda']);
    expect(shares[0]!.usd).toBeCloseTo(0.0003, 12);
    expect(shares[1]!.usd).toBeCloseTo(0.0002 + 6 * 0.0000133334, 12);
    expect(shares[0]!.share + shares[1]!.share).toBeCloseTo(1, 12);
  });

  it('uses the Paris price where the book has one, and only there', () => {
    const { book: paris, replaced } = parisPrices(book);
    expect(replaced).toEqual(['stepfunctions.stateTransitions']);
    const [line] = costLines([use('stepfunctions', 'state transitions', 1000)], paris);
    expect(line!.usd).toBeCloseTo(0.0297, 12);
    expect(costLines([use('sqs', 'requests', 1_000_000)], paris)[0]!.usd).toBeCloseTo(0.4, 12);
  });

  it('merges the counts of several runs by service, metric and cause', () => {
    expect(mergeUsage([use('lambda', 'invocations', 2, 'notify'), use('lambda', 'invocations', 3, 'notify'), use('lambda', 'invocations', 1, 'get-case')])).toEqual([
      use('lambda', 'invocations', 5, 'notify'),
      use('lambda', 'invocations', 1, 'get-case'),
    ]);
  });

  it('counts a CloudTrail data event for each request to a trailed bucket, free ones included', () => {
    const usage = withCloudTrailDataEvents(
      [use('s3', 'PUT, COPY, POST, LIST requests', 4, 'documents'), use('s3', 'DELETE requests (free)', 1, 'documents'), use('s3', 'GET and other requests', 9, 'exports')],
      ['documents', 'archive'],
    );
    expect(usage.filter((u) => u.service === 'cloudtrail').map((u) => u.quantity)).toEqual([4, 1]);
  });

  it('prices a lifecycle transition for each archived object of 128 KB or more still in Standard, at $0.02 per 1,000', () => {
    const standard = (bytes: number) => ({ bytes, storageClass: 'STANDARD' });
    const transitions = lifecycleTransitions([standard(200 * 1024), standard(GLACIER_IR_MINIMUM_BYTES), standard(2_000), { bytes: 800 * 1024, storageClass: 'GLACIER_IR' }], 'archive');
    expect(transitions).toEqual({ service: 's3', metric: 'lifecycle transitions', by: 'archive', quantity: 2 });
    expect(costLines([transitions], book)[0]!.usd).toBeCloseTo(0.00004, 12);
  });

  it('prices a write straight into Glacier Instant Retrieval at its own $0.02 per 1,000', () => {
    const lines = costLines([use('s3', 'PUT, COPY, POST, LIST requests into Glacier IR', 3, 'archive'), use('s3', 'PUT, COPY, POST, LIST requests', 3, 'archive')], book);
    expect(lines.map((l) => l.usd)).toEqual([expect.closeTo(0.00006, 12), expect.closeTo(0.000015, 12)]);
  });
});

describe('storage per case', () => {
  it('bills archived objects in Glacier IR as at least 128 KB each, small ones left in Standard as they are, and divides by the number of cases', () => {
    const archiveObjects = [
      { bytes: 1_000, storageClass: 'GLACIER_IR' },
      { bytes: 1_000, storageClass: 'STANDARD' },
      { bytes: 1024 ** 3, storageClass: 'STANDARD' },
    ];
    const lines = monthlyStorage({ dynamodb: 2 * 1024 ** 3, s3Standard: 0, archiveObjects }, book, 2);
    expect(lines.find((l) => l.item.startsWith('archive (Glacier IR'))!.bytes).toBe((GLACIER_IR_MINIMUM_BYTES + 1024 ** 3) / 2);
    expect(lines.find((l) => l.item.startsWith('archive under 128 KB'))!.bytes).toBe(1_000 / 2);
    expect(lines.find((l) => l.item === 'table storage')!.usd).toBeCloseTo(0.25, 12);
    expect(lines.find((l) => l.item === 'point-in-time recovery')!.usd).toBeCloseTo(0.2, 12);
  });
});
