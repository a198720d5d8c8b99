import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import type { CaseRecord } from '../cases/case-record.js';
import { getCase, recordChange, type CaseChange } from '../cases/case-repository.js';
import type { HistoryFacts } from '../history/chain.js';
import { announce } from '../events/announce.js';
import { intakeDecisions } from '../rules/case-decisions.js';
import { caseClockAtIntake } from '../sla/case-clock.js';
import { findCaseType } from '../case-types/index.js';
import { checkCoverage, type CoverageCheck } from '../members/coverage-check.js';
import { getMemberFile } from '../members/member-repository.js';

export interface RegisterCaseInput {
  readonly caseId: string;
  readonly executionId?: string;
}

/**
 * First step of every lifecycle. Step Functions retries tasks and may deliver twice, so a case
 * that is already past `received` is left as it is and the same answer is given. Either way the
 * case is announced (CaseCreated): a retry after a refused event must announce it still.
 */
export async function registerCase(input: RegisterCaseInput): Promise<{ status: string; caseType: string; coverage?: CoverageSummary }> {
  const registered = await registerOnce(input);
  await announce('CaseCreated', { caseId: input.caseId, caseType: registered.type });
  // What the lifecycle branches on: covered, or a coverage check with its reason.
  const coverage = (registered as { coverage?: CoverageCheck }).coverage;
  return { status: registered.status, caseType: registered.type, ...(coverage ? { coverage: coverageSummary(coverage) } : {}) };
}

type CoverageSummary = { status: CoverageCheck['status']; reason: string } | { status: 'covered'; coverageId: string };

/** A coverage check as the history and the lifecycle see it: the status, and the reason or the coverage. */
function coverageSummary(check: CoverageCheck): CoverageSummary {
  return 'reason' in check ? { status: check.status, reason: check.reason } : { status: check.status, coverageId: check.coverageId };
}

/** What registering a case writes: its entry, its new status and attributes, and the linked items. */
export interface Registration {
  readonly facts: Omit<HistoryFacts, 'seq'>;
  readonly change: Required<Pick<CaseChange, 'status' | 'expectedVersion' | 'set' | 'linkedWrites'>>;
  /** The case as it is once registered (for a step that goes on with it in the same write). */
  readonly registered: CaseRecord;
}

/**
 * Registration of a case still `received`, prepared and not written: the first task's Lambda
 * writes it with the task, in one change of the case (one write of the case item and its index
 * copies instead of two). Undefined for a case already past `received`.
 */
export async function prepareRegistration(current: CaseRecord, executionId?: string): Promise<Registration | undefined> {
  if (current.status !== 'received') return undefined;
  // What intake left to this step, as of the declaration: the rule versions in force then are
  // pinned and the intake decisions (documents required, routing) taken with them, and the case's
  // service-level clock runs from the declaration, not from this step (a surge may delay it).
  const declaredAt = new Date(current.createdAt);
  // The registry, as of now: the member's coverage on the event's date, and what it tells the decisions.
  const coverage = await coverageAtRegistration(current);
  const facts = coverage ? { ...(current as { facts?: Record<string, unknown> }).facts, ...coverageFacts(coverage) } : undefined;
  const withCoverage = coverage ? ({ ...current, coverage, facts } as CaseRecord) : current;
  const decisions = await intakeDecisions(withCoverage, declaredAt);
  const clock = caseClockAtIntake(current, declaredAt);
  const set = { ...decisions.set, ...(clock ? { clock: clock.clock } : {}), ...(coverage ? { coverage, facts } : {}) };
  return {
    facts: {
      at: now().toISOString(),
      actor: SYSTEM_ACTOR,
      action: 'case.registered',
      details: {
        ...(executionId ? { executionId } : {}),
        decisions: decisions.summary,
        ...(coverage ? { coverage: coverageSummary(coverage) } : {}),
      },
    },
    change: { status: 'registered', expectedVersion: current.version, set, linkedWrites: [...decisions.writes, ...(clock ? [clock.dueWrite] : [])] },
    registered: { ...current, ...set, status: 'registered', version: current.version + 1 } as CaseRecord,
  };
}

/** The case once registered (by this call, or before it by another delivery of the step). */
async function registerOnce(input: RegisterCaseInput): Promise<CaseRecord> {
  const current = await getCase(input.caseId);
  if (!current) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  const registration = await prepareRegistration(current, input.executionId);
  if (!registration) return current;
  const { record } = await recordChange(input.caseId, registration.facts, registration.change).catch(async (error: unknown) => {
    // Lost a race with a duplicate delivery of this very step: report what is there now.
    const latest = await getCase(input.caseId);
    if (latest && latest.status !== 'received') return { record: latest };
    throw error;
  });
  return record;
}

/**
 * The coverage check of a case whose type names a member. A claimant's own account must be the
 * member's (the token's member number matched it at declaration: `claimantIsMember`): a case declared from an account
 * not linked to the member is checked by an agent even if the member is covered.
 */
async function coverageAtRegistration(record: CaseRecord): Promise<CoverageCheck | undefined> {
  const rule = findCaseType(record.type)?.coverage;
  if (!rule || !record.memberNumber) return undefined;
  const eventDate = rule.eventDate(record.data as never);
  const check = checkCoverage(await getMemberFile(record.memberNumber), record.memberNumber, record.type, eventDate);
  const declaredByClaimant = record.createdBy.role === 'claimant';
  if (check.status === 'covered' && declaredByClaimant && !record.claimantIsMember) {
    return { status: 'unverified-claimant', memberNumber: record.memberNumber, eventDate, reason: `the claimant's account is not linked to member ${record.memberNumber}` };
  }
  return check;
}

function coverageFacts(check: CoverageCheck): Record<string, string | number | null> {
  return check.status === 'covered'
    ? { coverageStatus: 'covered', product: check.product, contributionMonths: check.contributionMonths }
    : { coverageStatus: check.status };
}
