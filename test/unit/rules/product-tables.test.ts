import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDmn } from '#shared/rules/decision-table.js';
import { evaluateTable } from '#shared/rules/evaluate-table.js';

// The four tables the product ships, against examples worked out by hand from the domain.
const load = async (id: string) => parseDmn(readFileSync(`rules/${id}.dmn`, 'utf8'));
const OD = 'occupational-disease';

describe('required-documents (request type × contribution duration)', async () => {
  const t = await load('required-documents');
  const categories = (requestType: string, contributionMonths: number) =>
    (evaluateTable(t, { caseType: OD, requestType, contributionMonths }).value as { category: string }[]).map((d) => d.category);

  it('asks nothing more of an initial declaration after years of contributions', () => {
    expect(categories('initial', 60)).toEqual([]);
  });
  it('asks for the previous affiliation under a year, and payslips under three months', () => {
    expect(categories('initial', 11)).toEqual(['affiliation-certificate']);
    expect(categories('initial', 12)).toEqual([]);
    expect(categories('initial', 2)).toEqual(['affiliation-certificate', 'payslips']);
    expect(categories('initial', 3)).toEqual(['affiliation-certificate']);
  });
  it('asks a relapse for the initial decision, and an aggravation also for its certificate, each in its sub-folder', () => {
    expect(categories('relapse', 100)).toEqual(['previous-decision']);
    expect(evaluateTable(t, { caseType: OD, requestType: 'aggravation', contributionMonths: 100 }).value).toEqual([
      { category: 'previous-decision', folder: 'supporting/history' },
      { category: 'aggravation-certificate', folder: 'supporting/medical' },
    ]);
  });
  it('asks nothing of other case types', () => {
    expect(evaluateTable(t, { caseType: 'property-claim', requestType: null, contributionMonths: null }).value).toEqual([]);
  });
});

describe('expert-response-deadline (case type × severity)', async () => {
  const t = await load('expert-response-deadline');
  it.each([
    [OD, 'high', 'P10D'],
    [OD, 'moderate', 'P15D'],
    [OD, null, 'P15D'],
    [OD, 'low', 'P20D'],
    ['health-reimbursement', null, 'P5D'],
    ['property-claim', 'high', 'P10D'],
    ['unknown-type', 'high', null],
  ])('%s, severity %s → %s', (caseType, severity, deadline) => {
    expect(evaluateTable(t, { caseType, severity }).value).toBe(deadline);
  });
});

describe('reimbursement-rate (act category)', async () => {
  const t = await load('reimbursement-rate');
  it.each([
    ['medicine', 0.75],
    ['consultation', 0.75],
    ['hospitalisation', 0.9],
    ['work-accident', 1],
  ])('%s → %s', (actCategory, rate) => {
    expect(evaluateTable(t, { actCategory }).value).toBe(rate);
  });
  it('refuses an act category it does not know rather than guessing', () => {
    expect(() => evaluateTable(t, { actCategory: 'cosmetic' })).toThrow(/not one of/);
  });
});

describe('routing (case type × amount × region)', async () => {
  const t = await load('routing');
  it.each([
    [OD, null, '75', { queue: 'agent', priority: 'normal' }],
    [OD, null, '974', { queue: 'agent', priority: 'high' }],
    ['property-claim', 50001, '75', { queue: 'supervisor', priority: 'high' }],
    ['property-claim', 50001, '974', { queue: 'supervisor', priority: 'high' }],
    ['property-claim', 50000, null, { queue: 'agent', priority: 'high' }],
    ['property-claim', 9999.99, null, { queue: 'agent', priority: 'normal' }],
  ])('%s, amount %s, region %s', (caseType, amount, region, expected) => {
    expect(evaluateTable(t, { caseType, amount, region }).value).toEqual(expected);
  });
});
