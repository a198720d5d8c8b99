import { describe, expect, it } from 'vitest';
import { weightedLoad, whyNotEligible, type Candidate } from '#shared/staff/eligibility.js';
import { defaultProfile, type StaffProfile } from '#shared/staff/staff-profile.js';

const at = new Date('2026-12-07T10:00:00Z');
const profile = (changes: Partial<StaffProfile> = {}): StaffProfile => ({
  ...defaultProfile('layla'),
  skills: { caseTypes: ['health-reimbursement'], languages: ['fr', 'ar'], regions: ['75', '93'] },
  authorityLimit: 10000,
  capacity: 3,
  ...changes,
});
const layla = (changes: Partial<StaffProfile> = {}, openTasks = 0): Candidate => ({ username: 'layla', roles: ['agent'], profile: profile(changes), openTasks });
const arabicClaim = { queue: 'agent', caseType: 'health-reimbursement', language: 'ar', authority: 7200 };

describe('who may take a task', () => {
  it('takes an agent who has the skills, the authority and room', () => {
    expect(whyNotEligible(layla(), arabicClaim, at)).toBeUndefined();
  });

  it('names the first thing that stands in the way', () => {
    expect(whyNotEligible({ ...layla(), roles: ['expert'] }, arabicClaim, at)).toBe('layla is not in the agent queue');
    expect(whyNotEligible(layla({ absences: [{ from: '2026-12-07T08:00:00Z', to: '2026-12-14T08:00:00Z' }] }), arabicClaim, at)).toBe('layla is absent until 2026-12-14T08:00:00Z');
    expect(whyNotEligible(layla({}, 3), arabicClaim, at)).toBe('layla is at capacity (3 open tasks of 3)');
    expect(whyNotEligible(layla(), { ...arabicClaim, caseType: 'property-claim' }, at)).toBe('layla does not handle property-claim cases');
    expect(whyNotEligible(layla(), { ...arabicClaim, language: 'de' }, at)).toBe('layla does not work in de');
    expect(whyNotEligible(layla(), { ...arabicClaim, region: '974' }, at)).toBe('layla does not cover region 974');
    expect(whyNotEligible(layla({ authorityLimit: 5000 }), arabicClaim, at)).toBe("layla's authority limit (5000) is below 7200");
  });

  it('reads empty case types and regions as all of them, a null limit as none, and an absence over as over', () => {
    const open = layla({ skills: { caseTypes: [], languages: ['ar'], regions: [] }, authorityLimit: null, absences: [{ from: '2026-11-01T00:00:00Z', to: '2026-12-07T10:00:00Z' }] });
    expect(whyNotEligible(open, { ...arabicClaim, caseType: 'property-claim', region: '974', authority: 1e8 }, at)).toBeUndefined();
  });

  it('gives someone nobody described no language and no authority, so specialised work never lands on them by default', () => {
    const newcomer: Candidate = { username: 'new', roles: ['agent'], profile: defaultProfile('new'), openTasks: 0 };
    expect(whyNotEligible(newcomer, { queue: 'agent', caseType: 'health-reimbursement' }, at)).toBeUndefined();
    expect(whyNotEligible(newcomer, arabicClaim, at)).toBe('new does not work in ar');
    expect(whyNotEligible(newcomer, { queue: 'agent', caseType: 'health-reimbursement', authority: 1 }, at)).toBe("new's authority limit (0) is below 1");
  });

  it('lets a supervisor stand in for any queue', () => {
    expect(whyNotEligible({ ...layla(), roles: ['supervisor'] }, arabicClaim, at)).toBeUndefined();
  });
});

describe('load', () => {
  it('weighs a task due within a day twice and a late one three times', () => {
    const inAWeek = '2026-12-14T10:00:00Z';
    const tonight = '2026-12-07T20:00:00Z';
    const yesterday = '2026-12-06T10:00:00Z';
    expect(weightedLoad([], at)).toBe(0);
    expect(weightedLoad([inAWeek, inAWeek], at)).toBe(2);
    expect(weightedLoad([tonight], at)).toBe(2);
    expect(weightedLoad([yesterday, tonight, inAWeek], at)).toBe(6);
  });
});

describe('the assignment policy as shipped', () => {
  it('pushes work in another language (with its amount above 5,000), and leaves French, English or unknown languages in the queue', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseDmn } = await import('#shared/rules/decision-table.js');
    const { evaluateTable } = await import('#shared/rules/evaluate-table.js');
    const table = await parseDmn(readFileSync('rules/assignment-policy.dmn', 'utf8'));
    const place = (claimantLanguage: string | null, amount: number | null, taskQueue = 'agent') => evaluateTable(table, { claimantLanguage, amount, taskQueue }).value;
    expect(place('ar', 7200)).toEqual({ mode: 'push', language: 'ar', authority: 7200, region: null });
    expect(place('ar', 300)).toEqual({ mode: 'push', language: 'ar', authority: null, region: null });
    expect(place('fr', 7200)).toMatchObject({ mode: 'pull', language: null });
    expect(place(null, 7200)).toMatchObject({ mode: 'pull', language: null });
    expect(place('ar', 7200, 'expert')).toMatchObject({ mode: 'pull' });
  });
});
