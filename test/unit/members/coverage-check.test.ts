import { describe, expect, it } from 'vitest';
import { ceilingsOf, checkCoverage, monthsBetween } from '#shared/members/coverage-check.js';
import type { MemberFile, StoredCoverage } from '#shared/members/member-repository.js';

const coverage = (over: Partial<StoredCoverage> = {}): StoredCoverage => ({ memberNumber: 'M0000001', coverageId: 'C-1', product: 'health-essential', status: 'active', start: '2020-01-01', ...over });
const file = (coverages: StoredCoverage[], ceilings: MemberFile['ceilings'] = []): MemberFile => ({
  member: { memberNumber: 'M0000001', firstName: 'Zoé', lastName: 'Lefèvre', birthDate: '1990-07-21', language: 'fr', importedAt: '2026-01-01T00:00:00.000Z' },
  coverages,
  cases: [],
  ceilings,
});

describe('the coverage check at intake', () => {
  it('finds the coverage in force on the day of the event, with the contribution months at that date', () => {
    const check = checkCoverage(file([coverage({ contributionStart: '2019-03-15' })]), 'M0000001', 'health-reimbursement', '2026-03-14');
    expect(check).toEqual({ status: 'covered', memberNumber: 'M0000001', coverageId: 'C-1', product: 'health-essential', eventDate: '2026-03-14', contributionMonths: 83 });
  });

  it('says why when it is not covered: unknown member, no product for the case type, lapsed, cancelled, not yet started', () => {
    expect(checkCoverage(undefined, 'M0000009', 'health-reimbursement', '2026-01-01')).toMatchObject({ status: 'unknown-member', reason: 'member M0000009 is not in the registry' });
    expect(checkCoverage(file([coverage({ product: 'occupational-risk' })]), 'M0000001', 'health-reimbursement', '2026-01-01')).toMatchObject({ status: 'no-coverage' });
    expect(checkCoverage(file([coverage({ end: '2025-12-31' })]), 'M0000001', 'health-reimbursement', '2026-01-01')).toMatchObject({
      status: 'lapsed',
      reason: 'coverage C-1 (health-essential) ended on 2025-12-31, before the event of 2026-01-01',
    });
    expect(checkCoverage(file([coverage({ status: 'cancelled' })]), 'M0000001', 'health-reimbursement', '2026-01-01')).toMatchObject({ status: 'lapsed', reason: expect.stringContaining('was cancelled') });
    expect(checkCoverage(file([coverage({ start: '2026-02-01' })]), 'M0000001', 'health-reimbursement', '2026-01-31')).toMatchObject({ status: 'not-yet-covered' });
  });

  it('covers the last day of a contract, inclusive, and prefers the latest of two overlapping ones', () => {
    expect(checkCoverage(file([coverage({ end: '2025-12-31' })]), 'M0000001', 'health-reimbursement', '2025-12-31').status).toBe('covered');
    const two = file([coverage({ coverageId: 'OLD', start: '2010-01-01' }), coverage({ coverageId: 'NEW', product: 'health-plus', start: '2024-01-01' })]);
    expect(checkCoverage(two, 'M0000001', 'health-reimbursement', '2025-06-01')).toMatchObject({ coverageId: 'NEW', product: 'health-plus' });
  });

  it('counts whole months only', () => {
    expect(monthsBetween('2020-01-31', '2020-02-29')).toBe(0);
    expect(monthsBetween('2020-01-15', '2021-01-15')).toBe(12);
    expect(monthsBetween('2021-01-15', '2020-01-15')).toBe(0);
  });
});

describe('annual ceilings', () => {
  it("takes the contract's own ceilings over its product's, and subtracts this year's consumption only", () => {
    const member = file([coverage()], [
      { year: 2026, envelope: 'consultations', consumed: '1999.5', payments: 3 },
      { year: 2025, envelope: 'medicines', consumed: '1500', payments: 9 },
    ]);
    const states = ceilingsOf(member, coverage(), 2026);
    expect(states.find((s) => s.envelope === 'consultations')).toEqual({ envelope: 'consultations', ceiling: '2000.00', consumed: '1999.50', remaining: '0.50' });
    expect(states.find((s) => s.envelope === 'medicines')).toEqual({ envelope: 'medicines', ceiling: '1500.00', consumed: '0.00', remaining: '1500.00' });
    expect(ceilingsOf(member, coverage({ ceilings: { consultations: '100.00' } }), 2026)).toEqual([{ envelope: 'consultations', ceiling: '100.00', consumed: '1999.50', remaining: '0.00' }]);
  });
});
