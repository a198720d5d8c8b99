// Prints what the cost bench found: tables of counted operations × unit prices.
import type { Usage } from '#shared/metering/meter.js';
import { byService, costLines, mergeUsage, monthlyStorage, sum, type PriceBook, type StoredBytes } from './pricing.js';

const usd = (n: number) => `$${n < 0.01 ? n.toFixed(7) : n.toFixed(4)}`;
const qty = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en') : n < 10 ? n.toFixed(3) : n.toLocaleString('en', { maximumFractionDigits: 1 }));
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const kb = (bytes: number) => `${(bytes / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} KB`;
/** "$0.025 per 1,000 state transitions", "$0.0000133334 per GB-second", "$0.1 per GB". */
const unitPrice = (p: { usd: number; per: number; unit: string }) =>
  p.per === 1024 ** 3 && p.unit === 'bytes' ? `$${p.usd} per GB` : `$${p.usd} per ${p.per === 1 ? '' : `${p.per.toLocaleString('en')} `}${p.unit}`;

function table(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => '   ' + r.map((cell, c) => (rightAligned.includes(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/** The top `n` contributors to one metric, per case. */
function topBy(usage: readonly Usage[], service: string, metric: string, cases: number, n = 6): string {
  const rows = usage.filter((u) => u.service === service && u.metric === metric).sort((a, b) => b.quantity - a.quantity);
  if (rows.length === 0) return 'none';
  const shown = rows.slice(0, n).map((u) => `${u.by} ${qty(u.quantity / cases)}`);
  return shown.join(', ') + (rows.length > n ? `, ${rows.length - n} more ${qty(sum(rows.slice(n).map((u) => u.quantity)) / cases)}` : '');
}

export interface ScenarioReport {
  readonly title: string;
  readonly cases: number;
  /** Counted while the cases ran, scheduled jobs left out. */
  readonly usage: readonly Usage[];
  /** Counted from scheduled jobs in the same time: a standing cost, not the cases'. */
  readonly scheduled: readonly Usage[];
  /** $ per case of each run, priced alone. */
  readonly runs: readonly number[];
  /** What all the cases left stored (the report divides). */
  readonly stored: StoredBytes;
  readonly storedObjects: { readonly documents: number; readonly archive: number };
  /** The sizes of the items the cases left, by kind (a write costs a unit per started KB). */
  readonly itemBytesByKind?: ReadonlyMap<string, readonly number[]>;
  /** For the goal check. */
  readonly goalUsd?: number;
}

export function printScenario(report: ScenarioReport, book: PriceBook, paris: PriceBook): number {
  const lines = costLines(report.usage, book, report.cases);
  const total = sum(lines.map((l) => l.usd));
  console.log(`\n${report.title}: ${report.cases} cases, mean per case`);
  console.log(
    table(
      [
        ['service', 'operation', 'per case', 'unit price', '$ per case', 'share'],
        ...lines.map((l) => [l.service, l.metric, qty(l.quantity), unitPrice(l.price), usd(l.usd), pct(total ? l.usd / total : 0)]),
        ['total', '', '', '', usd(total), '100 %'],
      ],
      [2, 4, 5],
    ),
  );
  console.log(`   $ per case ${usd(total)}; $ per 1,000 cases $${(total * 1000).toFixed(4)}`);
  console.log(`   by service: ${byService(lines).map((s) => `${s.service} ${pct(s.share)}`).join(', ')}`);
  const parisTotal = sum(costLines(report.usage, paris, report.cases).map((l) => l.usd));
  console.log(`   with the eu-west-3 prices known offline (Step Functions $0.0297 per 1,000): ${usd(parisTotal)} per case`);
  if (report.goalUsd !== undefined) {
    console.log(`   goal: under $${report.goalUsd} per case: ${total < report.goalUsd ? 'met' : 'NOT met'} (${usd(total)}, ${pct(total / report.goalUsd)} of the budget)`);
  }
  console.log(`   each run alone: ${report.runs.map(usd).join(', ')}`);

  const u = report.usage;
  const c = report.cases;
  console.log('   where it comes from, per case:');
  console.log(`     state transitions by state machine: ${topBy(u, 'stepfunctions', 'state transitions', c)}`);
  console.log(`     Lambda invocations by function: ${topBy(u, 'lambda', 'invocations', c, 8)}`);
  console.log(`     Lambda GB-seconds by function: ${topBy(u, 'lambda', 'GB-seconds', c)}`);
  console.log(`     DynamoDB write units by function: ${topBy(u, 'dynamodb', 'write request units', c)}`);
  console.log(`     DynamoDB read units by function: ${topBy(u, 'dynamodb', 'read request units', c)}`);
  const total_ = (metric: string) => sum(u.filter((x) => x.service === 'dynamodb' && x.metric === metric).map((x) => x.quantity)) / c;
  const [writes, indexWrites, indexWritesInTransactions] = [total_('write request units'), total_('write units to index copies'), total_('write units to index copies in transactions')];
  console.log(
    `     DynamoDB write units to index copies: ${qty(indexWrites)} of ${qty(writes)} (${pct(writes ? indexWrites / writes : 0)}); ${qty(indexWritesInTransactions)} of them in transactions, ` +
      `counted at the transactional rate (were AWS to bill those at the standard rate: ${qty(writes - indexWritesInTransactions / 2)} write units)`,
  );
  const byItem = u
    .filter((x) => x.service === 'dynamodb' && x.metric.startsWith('write units by item: '))
    .map((x) => ({ ...x, by: x.metric.slice('write units by item: '.length) }));
  console.log(`     DynamoDB write units by item (pk sk): ${topBy(mergeUsage(byItem.map((x) => ({ ...x, metric: 'items' }))), 'dynamodb', 'items', c, 8)}`);
  const dynamoCalls = [...new Set(u.filter((x) => x.service === 'dynamodb' && x.metric.endsWith(' requests')).map((x) => x.metric))];
  console.log(`     DynamoDB calls: ${dynamoCalls.map((m) => `${m.replace(' requests', '')} ${qty(sum(u.filter((x) => x.service === 'dynamodb' && x.metric === m).map((x) => x.quantity)) / c)}`).join(', ')}`);
  const failures = u.filter((x) => x.service === 'dynamodb' && (x.metric === 'failed conditional writes' || x.metric === 'cancelled transactions'));
  if (failures.length) console.log(`     DynamoDB refused writes (billed too): ${failures.map((f) => `${f.metric} by ${f.by} ${qty(f.quantity / c)}`).join(', ')}`);
  console.log(`     API requests by route: ${topBy(u, 'apigateway', 'requests', c, 20)}`);
  console.log(
    `     S3 requests: PUT/COPY/POST/LIST ${topBy(u, 's3', 'PUT, COPY, POST, LIST requests', c)}; into Glacier IR ${topBy(u, 's3', 'PUT, COPY, POST, LIST requests into Glacier IR', c)}; GET ${topBy(u, 's3', 'GET and other requests', c)}`,
  );
  console.log(`     events by source: ${topBy(u, 'eventbridge', 'custom events', c)}; SQS requests: ${topBy(u, 'sqs', 'requests', c)}; e-mails ${qty(sum(u.filter((x) => x.service === 'ses').map((x) => x.quantity)) / c)}`);

  const storage = monthlyStorage(report.stored, book, c);
  const monthly = sum(storage.map((s) => s.usd));
  console.log(
    `   left stored per case: table ${kb(report.stored.dynamodb / c)} (items and index copies), documents ${kb(report.stored.s3Standard / c)} (${qty(report.storedObjects.documents / c)} objects), ` +
      `archive ${kb(sum(report.stored.archiveObjects.map((o) => o.bytes)) / c)} (${qty(report.storedObjects.archive / c)} objects)`,
  );
  if (report.itemBytesByKind?.size) {
    const kinds = [...report.itemBytesByKind].map(([kind, sizes]) => ({ kind, count: sizes.length / c, mean: sum([...sizes]) / sizes.length }));
    kinds.sort((a, b) => b.mean - a.mean);
    console.log(`   items left per case, by kind (count, mean size as stored at the end): ${kinds.map((k) => `${k.kind} ${qty(k.count)} × ${(k.mean / 1024).toFixed(2)} KB`).join(', ')}`);
  }
  console.log(`   storage: ${usd(monthly)} per case per month once archived (${storage.map((s) => `${s.service} ${s.item} ${usd(s.usd)}`).join(', ')}), $${(monthly * 1000).toFixed(4)} per 1,000 cases per month`);
  if (report.scheduled.length) {
    const scheduledUsd = sum(costLines(report.scheduled, book).map((l) => l.usd));
    console.log(`   left out, scheduled jobs that ran meanwhile (a standing cost): ${topBy(report.scheduled, 'lambda', 'invocations', 1)} invocations, ${usd(scheduledUsd)} in all`);
  }
  return total;
}
