import type { CaseRecord } from '../cases/case-record.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import type { Assessment } from '../payments/assessment.js';
import { Decimal, sumMoney, toMoney } from '../payments/money.js';
import { ceilingsOf, type CeilingState, type CoverageCheck } from './coverage-check.js';
import { ceilingWrite, getMemberFile } from './member-repository.js';

// Per-member annual ceilings: what a member may be reimbursed per budget envelope in a calendar
// year under their contract. The assessment is capped to what remains (the rest is refused, and
// the assessment says why); the payment then adds to the member's consumption on condition that
// it stays within the ceiling, in the transaction that commits it, so concurrent payments for the
// same member cannot both take the last euros.

export interface CeilingCap {
  readonly envelope: string;
  readonly ceiling: string;
  /** What earlier payments of the year consumed. */
  readonly consumed: string;
  readonly assessed: string;
  readonly allowed: string;
}

export type CappedAssessment = Assessment & { readonly ceilingCaps?: readonly CeilingCap[] };

const coveredBy = (record: CaseRecord) => {
  const coverage = (record as { coverage?: CoverageCheck }).coverage;
  return coverage?.status === 'covered' ? coverage : undefined;
};

/** The ceilings of the coverage that covered the case, by envelope, with this year's consumption. */
async function ceilingStates(record: CaseRecord, year: number): Promise<{ memberNumber: string; states: Map<string, CeilingState> } | undefined> {
  const coverage = coveredBy(record);
  if (!coverage) return undefined;
  const file = await getMemberFile(coverage.memberNumber);
  const contract = file?.coverages.find((c) => c.coverageId === coverage.coverageId);
  if (!file || !contract) return undefined;
  return { memberNumber: coverage.memberNumber, states: new Map(ceilingsOf(file, contract, year).map((s) => [s.envelope, s])) };
}

export async function capToCeilings(record: CaseRecord, assessment: Assessment, year: number): Promise<CappedAssessment> {
  if (assessment.allocations.length === 0) return assessment;
  const found = await ceilingStates(record, year);
  if (!found) return assessment;
  const { states } = found;
  const caps: CeilingCap[] = [];
  const allocations = assessment.allocations.map((allocation) => {
    const state = states.get(allocation.envelope);
    if (!state || new Decimal(allocation.amount).lte(state.remaining)) return allocation;
    const allowed = toMoney(state.remaining);
    caps.push({ envelope: allocation.envelope, ceiling: state.ceiling, consumed: state.consumed, assessed: allocation.amount, allowed });
    return { envelope: allocation.envelope, amount: allowed };
  });
  if (caps.length === 0) return assessment;
  return { ...assessment, amount: sumMoney(allocations.map((a) => a.amount)), allocations: allocations.filter((a) => new Decimal(a.amount).gt(0)), ceilingCaps: caps };
}

export class CeilingReached extends Error {
  override readonly name = 'CeilingReached';
}

/** The payment's additions to the member's ceilings, each conditioned on staying within it. */
export async function ceilingWritesFor(record: CaseRecord, allocations: Assessment['allocations'], year: number): Promise<LinkedWrite[]> {
  if (allocations.length === 0) return [];
  const found = await ceilingStates(record, year);
  if (!found) return [];
  const { memberNumber, states } = found;
  return allocations.flatMap((allocation) => {
    const state = states.get(allocation.envelope);
    if (!state) return [];
    const room = new Decimal(state.ceiling).minus(allocation.amount);
    // More than the whole ceiling can never pass, even as the year's first payment.
    if (room.lt(0)) throw new CeilingReached(`the ${allocation.envelope} ceiling is ${state.ceiling}`);
    return [ceilingWrite(memberNumber, year, allocation.envelope, allocation.amount, toMoney(room))];
  });
}
