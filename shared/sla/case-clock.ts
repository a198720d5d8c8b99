import type { CaseRecord } from '../cases/case-record.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { dueEntryWrite, type DueGuard } from './due-index.js';
import { serviceLevelsOf } from './service-levels.js';
import { nextCheckAt, startClock, type SlaClock } from './sla-clock.js';

/** The clock a new case starts with, if its type commits to a target for the whole case. */
export function caseClockAtIntake(record: Pick<CaseRecord, 'caseId' | 'type'>, at: Date): { clock: SlaClock; dueWrite: LinkedWrite } | undefined {
  const levels = serviceLevelsOf(record.type);
  if (!levels.caseTarget) return undefined;
  const clock = startClock({ calendar: levels.calendar, target: levels.caseTarget, atRiskShare: levels.atRiskShare, at });
  return { clock, dueWrite: caseDueWrite(record.caseId, clock) };
}

/** Where the case's clock stands in the due index. */
export function caseDueWrite(caseId: string, clock: SlaClock | undefined, guard?: DueGuard): LinkedWrite {
  return dueEntryWrite(caseId, 'case', clock ? nextCheckAt(clock) : undefined, guard);
}
