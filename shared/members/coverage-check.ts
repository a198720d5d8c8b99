import { Decimal, toMoney } from '../payments/money.js';
import { findProduct } from './products.js';
import type { MemberFile, StoredCoverage } from './member-repository.js';

/**
 * What the registry says of a claim at intake: whether a coverage of the member's covered the
 * case type on the day of the event. Anything but `covered` sends the case to an agent's
 * coverage-check task with the reason, never to a silent refusal.
 */
export type CoverageCheck =
  | {
      readonly status: 'covered';
      readonly memberNumber: string;
      readonly coverageId: string;
      readonly product: string;
      readonly eventDate: string;
      /** Whole months of contribution at the event date: a fact the decision tables read. */
      readonly contributionMonths: number;
    }
  | {
      readonly status: 'unknown-member' | 'no-coverage' | 'lapsed' | 'not-yet-covered' | 'unverified-claimant';
      readonly memberNumber: string;
      readonly eventDate: string;
      readonly reason: string;
    };

export function coversCaseType(coverage: StoredCoverage, caseType: string): boolean {
  return Boolean(findProduct(coverage.product)?.covers.includes(caseType));
}

/** Active, and the day between its start and its end, inclusive. */
export function inForce(coverage: StoredCoverage, day: string): boolean {
  return coverage.status === 'active' && coverage.start <= day && (!coverage.end || day <= coverage.end);
}

export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0));
}

export function checkCoverage(file: MemberFile | undefined, memberNumber: string, caseType: string, eventDate: string): CoverageCheck {
  if (!file) return { status: 'unknown-member', memberNumber, eventDate, reason: `member ${memberNumber} is not in the registry` };
  const relevant = file.coverages.filter((c) => coversCaseType(c, caseType));
  const covering = relevant.filter((c) => inForce(c, eventDate)).sort((a, b) => (a.start < b.start ? 1 : -1))[0];
  if (covering) {
    return {
      status: 'covered',
      memberNumber,
      coverageId: covering.coverageId,
      product: covering.product,
      eventDate,
      contributionMonths: monthsBetween(covering.contributionStart ?? covering.start, eventDate),
    };
  }
  if (relevant.length === 0) return { status: 'no-coverage', memberNumber, eventDate, reason: `member ${memberNumber} has no coverage for ${caseType}` };
  const ended = relevant.filter((c) => (c.end && c.end < eventDate) || c.status === 'cancelled').sort((a, b) => ((a.end ?? '') < (b.end ?? '') ? 1 : -1))[0];
  if (ended) {
    const why = ended.status === 'cancelled' ? 'was cancelled' : `ended on ${ended.end}`;
    return { status: 'lapsed', memberNumber, eventDate, reason: `coverage ${ended.coverageId} (${ended.product}) ${why}, before the event of ${eventDate}` };
  }
  const next = relevant.sort((a, b) => (a.start < b.start ? -1 : 1))[0]!;
  return { status: 'not-yet-covered', memberNumber, eventDate, reason: `coverage ${next.coverageId} (${next.product}) starts on ${next.start}, after the event of ${eventDate}` };
}

export interface CeilingState {
  readonly envelope: string;
  readonly ceiling: string;
  readonly consumed: string;
  readonly remaining: string;
}

/** The member's ceilings for a year under a coverage: the contract's own, else its product's. */
export function ceilingsOf(file: MemberFile, coverage: Pick<StoredCoverage, 'product' | 'ceilings'>, year: number): CeilingState[] {
  const ceilings = coverage.ceilings ?? findProduct(coverage.product)?.ceilings ?? {};
  return Object.entries(ceilings).map(([envelope, ceiling]) => {
    const consumed = file.ceilings.find((c) => c.year === year && c.envelope === envelope)?.consumed ?? '0';
    return { envelope, ceiling: toMoney(ceiling), consumed: toMoney(consumed), remaining: toMoney(Decimal.max(0, new Decimal(ceiling).minus(consumed))) };
  });
}
