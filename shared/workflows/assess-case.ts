import { findCaseType } from '../case-types/index.js';
import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { getCase, recordChange } from '../cases/case-repository.js';
import type { Assessment } from '../payments/assessment.js';
import { decide } from '../rules/decide.js';
import { pinnedVersions } from '../rules/case-decisions.js';
import { caseFacts } from '../rules/facts.js';
import { capToCeilings, type CappedAssessment } from '../members/member-ceilings.js';

/**
 * Computes what the case would pay with its type's `assess` and the decision versions the case
 * pinned, and keeps it on the case (the amount a straight-through payment or an agent approves).
 * Assessed once: a retried step finds the assessment and returns it.
 */
export async function assessCase(input: { caseId: string }): Promise<CappedAssessment> {
  const record = await getCase(input.caseId);
  if (!record) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  const existing = (record as { assessment?: Assessment }).assessment;
  if (existing) return existing;
  const caseType = findCaseType(record.type);
  if (!caseType?.assess) throw Object.assign(new Error(`case type ${record.type} has no assessment`), { name: 'NoAssessment' });
  const at = now();
  const versions = pinnedVersions(record);
  const taken: { decisionId: string; version: number; matchedRules: readonly string[] }[] = [];
  const assessed = await caseType.assess(record.data as never, async (decisionId, facts) => {
    const version = versions[decisionId];
    if (version === undefined) throw Object.assign(new Error(`decision ${decisionId} is not pinned by the case`), { name: 'UnknownDecision' });
    const decision = await decide(decisionId, { ...caseFacts(record), ...facts }, { version }, at);
    taken.push({ decisionId, version, matchedRules: decision.matchedRules });
    return decision;
  });
  // The member's annual ceilings, this year: what remains of each caps the envelope's amount.
  const assessment = await capToCeilings(record, assessed, at.getUTCFullYear());
  try {
    await recordChange(
      input.caseId,
      // The amount and the decisions that made it; the lines themselves stay on the case.
      { at: at.toISOString(), actor: SYSTEM_ACTOR, action: 'case.assessed', details: { amount: assessment.amount, currency: assessment.currency, decisions: taken, ...(assessment.ceilingCaps ? { ceilingCaps: assessment.ceilingCaps } : {}) } },
      { set: { assessment }, bumpVersion: true, expectedVersion: record.version },
    );
  } catch (error) {
    // A concurrent delivery of this step assessed first: its assessment is the one.
    const latest = (await getCase(input.caseId)) as { assessment?: Assessment } | undefined;
    if (latest?.assessment) return latest.assessment;
    throw error;
  }
  return assessment;
}
