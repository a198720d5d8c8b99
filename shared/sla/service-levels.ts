import type { ClaimantWaitPolicy, ServiceLevels, TaskKind } from '../case-types/descriptor.js';
import { findCaseType } from '../case-types/index.js';
import type { CaseRecord } from '../cases/case-record.js';
import { decideLater } from '../rules/case-decisions.js';
import { DEFAULT_AT_RISK_SHARE } from './sla-clock.js';

/** Where clocks count when a case type says nothing: the fund's home country. */
export const DEFAULT_CALENDAR = 'FR';

/** Reminders a claimant gets when their case type says nothing: twice, then the case waits, suspended. */
const DEFAULT_CLAIMANT_WAIT: ClaimantWaitPolicy = { reminders: ['P7D', 'P14D'], finalAfter: 'P21D', finalAction: 'suspend' };

export function serviceLevelsOf(caseType: string): ServiceLevels & { atRiskShare: number; claimantWait: ClaimantWaitPolicy } {
  const declared = findCaseType(caseType)?.serviceLevels;
  return {
    calendar: DEFAULT_CALENDAR,
    ...declared,
    atRiskShare: declared?.atRiskShare ?? DEFAULT_AT_RISK_SHARE,
    claimantWait: declared?.claimantWait ?? DEFAULT_CLAIMANT_WAIT,
  };
}

export function taskKindOf(caseType: string, kind: string): TaskKind | undefined {
  return findCaseType(caseType)?.taskKinds.find((k) => k.kind === kind);
}

/**
 * The reminders and final step of a wait on the claimant: the type's defaults, overridden by its
 * decision table (with the version the case pinned) when the case took one.
 */
export async function claimantWaitPolicyOf(record: CaseRecord, at: Date): Promise<ClaimantWaitPolicy> {
  const defaults = serviceLevelsOf(record.type).claimantWait;
  if (!defaults.decision) return defaults;
  const decision = await decideLater(record, defaults.decision, at);
  const value = decision?.value as Partial<Record<'firstReminder' | 'secondReminder' | 'finalAfter' | 'finalAction', unknown>> | undefined;
  if (!value || typeof value !== 'object') return defaults;
  const reminders = [value.firstReminder, value.secondReminder].filter((r): r is string => typeof r === 'string');
  return {
    ...defaults,
    reminders: reminders.length ? reminders : defaults.reminders,
    finalAfter: typeof value.finalAfter === 'string' ? value.finalAfter : defaults.finalAfter,
    finalAction: value.finalAction === 'suspend' || value.finalAction === 'close' ? value.finalAction : defaults.finalAction,
  };
}
