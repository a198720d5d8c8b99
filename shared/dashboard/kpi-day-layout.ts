import { allCaseTypes } from '../case-types/index.js';
import { counterName, parseCounterName, PROCESSING_BUCKETS_HOURS } from './kpi-counters.js';

// Every flow counter a day's item can hold for the case types and queues the system knows. A day
// item that holds all of them from the start (at zero) is as large on a quiet day as on a busy
// one, so reading the last 31 days costs the same read units at 1,000 cases as at 10 million:
// without it, items grow as new hours, processing-time buckets and types first appear (read
// units 20 → 48 between 1,000 and 10,000 cases in `npm run bench dashboard`), then stay flat.
// Per-person throughput (`doneBy`) is left out: it grows with the staff, not with the cases.

export const STAFF_QUEUES = ['agent', 'expert', 'supervisor'] as const;

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
const BUCKETS = Array.from({ length: PROCESSING_BUCKETS_HOURS.length + 1 }, (_, b) => String(b));

/** The names of the day counters, for these case types and queues. */
export function dayCounterNames(types: readonly string[] = allCaseTypes().map((t) => t.id), queues: readonly string[] = STAFF_QUEUES): string[] {
  const names = HOURS.map((hour) => counterName('receivedHour', hour));
  for (const type of types) {
    for (const kind of ['received', 'closed', 'procCount', 'procSumMs', 'caseSlaMet', 'caseSlaBreached']) names.push(counterName(kind, type));
    for (const bucket of BUCKETS) names.push(counterName('procBucket', type, bucket));
  }
  for (const queue of queues) for (const kind of ['done', 'taskSlaMet', 'taskSlaBreached']) names.push(counterName(kind, queue));
  return names;
}

// A day's counters are kept in a few items per shard rather than one: `<day>#arrivals` (cases
// received, by hour and by type), `<day>#type:<type>` (closures, processing times, case SLA) and
// `<day>#work` (tasks done, task SLA). Each change adds to one or two of them, each under 1 KB when
// prepared: a write unit each (two in a transaction) instead of three for the single ~3 KB item
// all the counters made. Readers sum every item of a day, whatever its sort key says after the day
// (items written before the split, `<day>` alone, included).

const ARRIVAL_KINDS = new Set(['receivedHour', 'received']);
const CASE_TYPE_KINDS = new Set(['closed', 'procCount', 'procSumMs', 'procBucket', 'caseSlaMet', 'caseSlaBreached']);

/** The part of a day's counters a counter belongs to. */
export function dayPartOf(counter: string): string {
  const { kind, parts } = parseCounterName(counter);
  if (ARRIVAL_KINDS.has(kind)) return 'arrivals';
  if (CASE_TYPE_KINDS.has(kind)) return counterName('type', parts[0] ?? '');
  return 'work';
}

/** The sort key of a part of a day's counters. */
export const dayPartSk = (day: string, part: string) => `${day}#${part}`;

/** The day a day-counter item counts (its sort key starts with it, with or without a part). */
export const dayOfDaySk = (sk: string) => sk.slice(0, 10);

/** Counter names grouped by the part of the day they belong to. */
export function byDayPart(names: Iterable<string>): Map<string, string[]> {
  const parts = new Map<string, string[]>();
  for (const name of names) {
    const part = dayPartOf(name);
    const group = parts.get(part);
    if (group) group.push(name);
    else parts.set(part, [name]);
  }
  return parts;
}

/** A day's counters split into the parts of the day they belong to. */
export function countersByDayPart<V>(counters: ReadonlyMap<string, V>): Map<string, Map<string, V>> {
  return new Map([...byDayPart(counters.keys())].map(([part, names]) => [part, new Map(names.map((name) => [name, counters.get(name)!]))]));
}
