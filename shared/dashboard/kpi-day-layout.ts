import { allCaseTypes } from '../case-types/index.js';
import { counterName, PROCESSING_BUCKETS_HOURS } from './kpi-counters.js';

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
