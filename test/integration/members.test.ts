import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { as, eventually } from './support/api.js';
import { daysAgo } from './support/claims.js';
import { caseStatus, openTask, work } from './support/lifecycle.js';

const bundle = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'fhir', 'members-bundle.json'), 'utf8'));
// Member numbers of this run: the shared stack outlives one file.
const run = Date.now().toString(36).toUpperCase().slice(-6);
const number = (n: number) => `T${run}${n}`;

const csvHeader = 'memberNumber,firstName,lastName,birthDate,language,email,employer,coverageId,product,coverageStart,coverageEnd,ceilings';
const consultation = (amountPaid: string) => ({ actCategory: 'consultation', date: daysAgo(4), amountPaid, provider: 'Dr Anne Roux', providerId: '10003456789' });
const claimFor = (memberNumber: string, amountPaid: string) => ({
  type: 'health-reimbursement',
  data: { member: { memberNumber, firstName: 'Zoé', lastName: 'Lefèvre' }, lines: [consultation(amountPaid)], preferredLanguage: 'fr' },
});
const declareOnPaper = async (memberNumber: string, amountPaid: string) => {
  const created = await (await as('agent1')).post('/api/cases', claimFor(memberNumber, amountPaid));
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  return created.body.caseId as string;
};

describe('the members registry', () => {
  it('imports a CSV row by row: the bad row reported with its field, the others in, and the same file again changes nothing', async () => {
    const agent = await as('agent1');
    const csv = [
      csvHeader,
      `${number(1)},Élodie,Fontaine,1982-03-14,fr,elodie@example.org,Clinique du Parc,C-${number(1)},health-essential,2020-01-01,,`,
      `${number(2)},Jérôme,Gauthier,1980-02-30,fr,,,C-${number(2)},health-plus,2021-01-01,,`,
      `${number(3)},Anaïs,Côté,1999-09-09,en,,,C-${number(3)},health-essential,2024-01-01,,consultations=100.00`,
    ].join('\n');
    const first = await agent.post('/api/members/import', { csv });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ rows: 3, imported: 2, unchanged: 0, rejected: [{ ref: 'line 3', field: 'birthDate', message: expect.any(String) }] });

    const again = await agent.post('/api/members/import', { csv });
    expect(again.body).toMatchObject({ rows: 3, imported: 0, unchanged: 2 });
    // The refused row left nothing behind.
    expect((await agent.get(`/api/members/${number(2)}`)).status).toBe(404);
    expect((await agent.get(`/api/members/${number(1)}`)).body.member).toMatchObject({ firstName: 'Élodie', lastName: 'Fontaine', employer: 'Clinique du Parc' });
  });

  it('imports a FHIR R4 bundle of Patient and Coverage, refusing the invalid resources with the element at fault', async () => {
    const response = await (await as('agent1')).post('/api/members/import', { bundle });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.imported).toBe(1);
    expect(response.body.rejected).toEqual([
      { ref: 'entry 3 (Patient/pat-bad-birthdate)', field: 'Patient.birthDate', message: expect.stringMatching(/date/i) },
      { ref: 'entry 4 (Coverage/no-status)', field: 'Coverage.status', message: expect.stringMatching(/required/i) },
    ]);
    const person = (await (await as('agent1')).get('/api/members/F7700001')).body;
    expect(person.member).toEqual({
      memberNumber: 'F7700001', firstName: 'Peter James', lastName: 'Chalmers', birthDate: '1974-12-25', language: 'en',
      email: 'peter.chalmers@example.org', phone: '+33 3 20 12 34 56', employer: 'Acme Healthcare',
    });
    expect(person.coverages).toEqual([expect.objectContaining({ coverageId: '12345-F7700001', product: 'health-plus', start: '2011-05-23', end: '2030-05-23', inForceToday: true })]);
  });

  it('refuses a file it cannot read with a 400 naming it, and an import by a claimant with 403', async () => {
    const agent = await as('agent1');
    const badHeader = await agent.post('/api/members/import', { csv: 'number,name\nX,Y' });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.error.fields).toEqual([{ field: 'csv', message: expect.stringContaining('memberNumber') }]);
    const notBundle = await agent.post('/api/members/import', { bundle: { resourceType: 'Patient' } });
    expect(notBundle.status).toBe(400);
    expect(notBundle.body.error.fields[0].field).toBe('bundle');
    expect((await (await as('claimant1')).post('/api/members/import', { csv: `${csvHeader}\n` })).status).toBe(403);
  });

  it('finds members by name without accents or case, by member number and by case id', async () => {
    const expert = await as('expert1');
    const byName = (await expert.get('/api/members?q=lefevre%20zo')).body.members;
    expect(byName.map((m: { memberNumber: string }) => m.memberNumber)).toContain('M0054321');
    const firstLast = (await expert.get('/api/members?q=ZOE%20LEFEVRE')).body.members;
    expect(firstLast.map((m: { memberNumber: string }) => m.memberNumber)).toContain('M0054321');
    expect((await expert.get('/api/members?q=m0012345')).body.members).toEqual([expect.objectContaining({ memberNumber: 'M0012345', lastName: 'Martin' })]);
    const caseId = await declareOnPaper('M0054321', '20.00');
    expect((await expert.get(`/api/members?q=${caseId}`)).body.members).toEqual([expect.objectContaining({ memberNumber: 'M0054321' })]);
    expect((await expert.get('/api/members?q=a')).status).toBe(400);
    expect((await (await as('claimant1')).get('/api/members?q=martin')).status).toBe(403);
  });
});

describe('coverage at intake', () => {
  it('sends a claim for a lapsed contract to a coverage-check task with the reason; the agent refuses it', async () => {
    const caseId = await declareOnPaper('M0054321', '60.00');
    const task = await openTask(caseId, 'coverage-check');
    expect((task as { note?: string }).note).toMatch(/HE-M0054321 \(health-essential\) ended on 2025-12-31/);
    expect((await caseStatus(caseId, 'coverage-check')).coverage).toMatchObject({ status: 'lapsed' });
    await work('agent1', task.taskId, 'not-covered', { reason: 'Contract ended with the employer in 2025.' });
    expect((await caseStatus(caseId, 'closed')).decision).toBe('refused');
  });

  it('sends a claim for an unknown member to an agent, who confirms the coverage and lets it go on to payment', async () => {
    const caseId = await declareOnPaper(number(9), '40.00');
    const task = await openTask(caseId, 'coverage-check');
    expect((task as { note?: string }).note).toBe(`member ${number(9)} is not in the registry`);
    await work('agent1', task.taskId, 'covered', { note: 'Affiliation confirmed by the employer by phone.' });
    expect((await caseStatus(caseId, 'closed')).decision).toBe('reimbursed');
  });

  it("refuses a claimant's declaration for another member's number, naming the field", async () => {
    const claimant = await as('claimant1');
    const response = await claimant.post('/api/cases', claimFor('M0054321', '10.00'));
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ field: 'data.member.memberNumber', message: 'is not your member number' }]);
  });
});

describe('annual ceilings', () => {
  it('caps a reimbursement to what remains of the ceiling, and refuses one when nothing remains', async () => {
    const member = number(3); // consultations capped at 100.00 a year by its contract (first test)
    const agent = await as('agent1');
    // 75 % of 80.00: 60.00, under the ceiling, paid straight through.
    const first = await declareOnPaper(member, '80.00');
    expect((await caseStatus(first, 'closed')).decision).toBe('reimbursed');
    // 75 % of 200.00 is 150.00; 40.00 remain: the assessment is cut to 40.00 and an agent looks at it.
    const second = await declareOnPaper(member, '200.00');
    const review = await openTask(second, 'reimbursement-review');
    const assessed = (await agent.get(`/api/cases/${second}`)).body.assessment;
    expect(assessed).toMatchObject({ amount: '40.00', ceilingCaps: [{ envelope: 'consultations', ceiling: '100.00', consumed: '60.00', assessed: '150.00', allowed: '40.00' }] });
    await work('agent1', review.taskId, 'approve');
    expect((await caseStatus(second, 'closed')).payment).toMatchObject({ amount: '40.00' });

    const person = (await agent.get(`/api/members/${member}`)).body;
    expect(person.ceilings).toContainEqual(expect.objectContaining({ envelope: 'consultations', ceiling: '100.00', consumed: '100.00', remaining: '0.00' }));
    expect(person.payments.map((p: { amount: string }) => p.amount).sort()).toEqual(['40.00', '60.00']);

    // Nothing left: refused, nothing paid.
    const third = await declareOnPaper(member, '20.00');
    const closed = await caseStatus(third, 'closed');
    expect(closed.decision).toBe('refused');
    expect(closed.payment).toBeUndefined();
  });
});

describe('the person view', () => {
  it("shows staff a member's identity, coverages, every case with its status, and audits each read", async () => {
    const caseId = await declareOnPaper('M0054321', '15.00');
    await openTask(caseId, 'coverage-check');
    const agent = await as('agent1');
    const person = (await agent.get('/api/members/M0054321')).body;
    expect(person.member).toMatchObject({ firstName: 'Zoé', lastName: 'Lefèvre' });
    expect(person.coverages).toEqual([expect.objectContaining({ coverageId: 'HE-M0054321', inForceToday: false })]);
    expect(person.cases).toContainEqual(expect.objectContaining({ caseId, status: 'coverage-check', open: true, sla: expect.objectContaining({ state: expect.any(String) }) }));
    expect(person.cases.some((c: { open: boolean }) => !c.open)).toBe(true);
    const supervisor = (await (await as('supervisor1')).get('/api/members/M0054321')).body;
    expect(supervisor.reads).toContainEqual(expect.objectContaining({ what: 'person-view', actor: expect.objectContaining({ username: 'agent1' }) }));
  });

  it('lets a claimant read their own record only, with their own cases', async () => {
    const claimant = await as('claimant2');
    const own = await claimant.get('/api/members/me');
    expect(own.status).toBe(200);
    expect(own.body.member.memberNumber).toBe('M0099999');
    expect(own.body.reads).toBeUndefined();
    expect(own.body.cases.every((c: { sla?: unknown }) => c.sla === undefined)).toBe(true);
    expect((await claimant.get('/api/members/M0012345')).status).toBe(404);
    expect((await claimant.get('/api/members/M0099999')).status).toBe(200);
    // An account not linked to a member has no record of its own.
    expect((await (await as('agent1')).get('/api/members/me')).status).toBe(404);
  });

  it('lists the cases of a claimant linked to the member, and their notifications', async () => {
    const claimant = await as('claimant1');
    const created = await claimant.post('/api/cases', { type: 'health-reimbursement', data: { member: { memberNumber: 'M0012345', firstName: 'Camille', lastName: 'Martin' }, lines: [consultation('30.00')], preferredLanguage: 'fr' } });
    await caseStatus(created.body.caseId, 'closed');
    const person = await eventually(async () => {
      const view = (await claimant.get('/api/members/me')).body;
      return view.notifications.some((n: { caseId: string }) => n.caseId === created.body.caseId) ? view : undefined;
    });
    expect(person.cases).toContainEqual(expect.objectContaining({ caseId: created.body.caseId, status: 'closed', open: false }));
    expect(person.payments).toContainEqual(expect.objectContaining({ caseId: created.body.caseId, amount: '22.50' }));
  });
});
