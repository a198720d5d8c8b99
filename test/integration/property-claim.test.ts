import { describe, expect, it } from 'vitest';
import { as, eventually, request } from './support/api.js';
import { propertyClaim } from './support/claims.js';
import { pdfBytes, uploadDocument } from './support/documents.js';
import { caseStatus, openTask, work } from './support/lifecycle.js';

type BusEvent = { source: string; 'detail-type': string; detail: Record<string, any> };
const paymentsOf = async (caseId: string) =>
  ((await request('GET', '/api/_local/events')).body.items as BusEvent[]).filter((e) => e['detail-type'] === 'PaymentRequested' && e.detail.caseId === caseId);

/** Declares a claim and takes it through qualification and the expert's assessment. */
async function assessedClaim(overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await (await as('claimant1')).post('/api/cases', propertyClaim(overrides));
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  const caseId = created.body.caseId as string;
  await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept', { severity: 'moderate' });
  // The expert files the report on the case, then gives the conclusion with a reference to it.
  const report = await uploadDocument('expert1', caseId, 'expert-report', pdfBytes('rapport'));
  expect(report).toMatchObject({ status: 'received', folder: 'expert-reports' });
  await work('expert1', (await openTask(caseId, 'expert-assessment')).taskId, 'proposed', { proposedAmount: '12500.00', summary: 'Dégâts constatés sur place.', reportDocumentId: report.documentId });
  return caseId;
}

describe('property & casualty claim', () => {
  it('cannot be settled above the agent limit without a supervisor approval', async () => {
    const caseId = await assessedClaim({ claimedAmount: '14000.00' });
    await work('agent1', (await openTask(caseId, 'settlement')).taskId, 'pay', { amount: '12500' });

    // Above the agent's 10,000 limit: a supervisor task, and nothing paid meanwhile.
    const approval = await openTask(caseId, 'settlement-approval');
    expect((await (await as('agent1')).post(`/api/tasks/${approval.taskId}/claim`)).status).toBe(403);
    expect((await caseStatus(caseId, 'settlement-approval')).decision).toBeUndefined();
    expect(await paymentsOf(caseId)).toEqual([]);

    // Sent back, the agent settles within the limit: paid with no further approval.
    await work('supervisor1', approval.taskId, 'return', { reason: 'Vétusté non déduite' });
    await work('agent1', (await openTask(caseId, 'settlement')).taskId, 'partial', { amount: '9800.50' });
    expect((await caseStatus(caseId, 'closed')).decision).toBe('partially-paid');
    const [payment] = await eventually(async () => ((await paymentsOf(caseId)).length ? paymentsOf(caseId) : undefined));
    expect(payment!.detail).toMatchObject({ amount: '9800.50', currency: 'EUR', payee: 'POL-2020-0042', allocations: [] });
  });

  it('pays above the limit once a supervisor approved', async () => {
    const caseId = await assessedClaim({ claimedAmount: '14000.00' });
    await work('agent1', (await openTask(caseId, 'settlement')).taskId, 'pay', { amount: '12500.00' });
    await work('supervisor1', (await openTask(caseId, 'settlement-approval')).taskId, 'approve');
    expect((await caseStatus(caseId, 'closed')).decision).toBe('paid');
    const payments = await eventually(async () => ((await paymentsOf(caseId)).length ? paymentsOf(caseId) : undefined));
    expect(payments.map((p) => p.detail.amount)).toEqual(['12500.00']);
  });

  it('sends a suspicious claim to an investigation first, and refuses it when the fraud is confirmed', async () => {
    // A large loss within a month of taking the policy (fraud-indicator table).
    const created = await (await as('claimant1')).post('/api/cases', propertyClaim({ policyStartDate: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10), claimedAmount: '20000.00' }));
    const caseId = created.body.caseId as string;
    const investigation = await openTask(caseId, 'investigation');
    await work('expert1', investigation.taskId, 'fraud-confirmed', { findings: 'Factures antidatées.' });
    expect((await caseStatus(caseId, 'closed')).decision).toBe('refused');
    expect(await paymentsOf(caseId)).toEqual([]);
  });

  it('refuses an incident before the policy started, naming the field', async () => {
    const response = await (await as('claimant1')).post('/api/cases', propertyClaim({ policyStartDate: '2030-01-01' }));
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['data.incident.date']);
  });
});
