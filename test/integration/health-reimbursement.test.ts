import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { as, eventually, request } from './support/api.js';
import { daysAgo, healthRequest } from './support/claims.js';
import { caseStatus, openTask, work } from './support/lifecycle.js';

const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: true, validateFormats: false });
const paymentContract = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'events', 'schemas', 'PaymentRequested.v1.json'), 'utf8')));

type BusEvent = { source: string; 'detail-type': string; detail: Record<string, any> };
const busEvents = async () => ((await request('GET', '/api/_local/events')).body.items as BusEvent[]).filter((e) => e.source === 'dossier.cases');
const paymentsOf = async (caseId: string) => (await busEvents()).filter((e) => e['detail-type'] === 'PaymentRequested' && e.detail.caseId === caseId);

/**
 * The case's history once the decision's notifications are in (the consumer writes them a moment
 * after the case closed), its chain verified.
 */
const settledActions = (caseId: string) =>
  eventually(async () => {
    const history = await (await as('supervisor1')).get(`/api/cases/${caseId}/history`);
    const steps: string[] = history.body.entries.map((e: { action: string }) => e.action);
    return history.body.verified && steps.includes('notification.sent') ? steps : undefined;
  });

const line = (actCategory: string, amountPaid: string, providerId: string | null = 'RPPS1234567') => ({
  actCategory,
  date: daysAgo(5),
  amountPaid,
  provider: 'Cabinet du Dr Petit',
  ...(providerId ? { providerId } : {}),
});

describe('health reimbursement', () => {
  it('pays a small complete request straight through: exact amounts, no human task, PaymentRequested once', async () => {
    const member = await as('claimant1');
    // 75 % of 33.33 is 24.9975 → 25.00; 75 % of 0.10 → 0.08 (half up); 90 % of 120.01 → 108.01.
    const created = await member.post('/api/cases', healthRequest([line('consultation', '33.33'), line('medicine', '0.10'), line('hospitalisation', '120.01')]));
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    const caseId = created.body.caseId as string;

    const closed = await caseStatus(caseId, 'closed');
    expect(closed.decision).toBe('reimbursed');
    expect((await (await as('supervisor1')).get(`/api/tasks?caseId=${caseId}`)).body.items).toEqual([]);
    const steps = await settledActions(caseId);
    expect(steps).toEqual(expect.arrayContaining(['case.assessed', 'decision.taken', 'case.decided', 'payment.requested', 'case.closed']));
    expect(steps.filter((a) => a.startsWith('task.'))).toEqual([]);

    const [payment, ...more] = await eventually(async () => {
      const found = await paymentsOf(caseId);
      return found.length ? found : undefined;
    });
    expect(more).toEqual([]);
    expect(payment!.detail).toMatchObject({
      caseType: 'health-reimbursement',
      amount: '133.09',
      currency: 'EUR',
      payee: 'M0012345',
      idempotencyKey: `dossier-payment-${caseId}-1`,
    });
    expect(paymentContract(payment!.detail), JSON.stringify(paymentContract.errors)).toBe(true);
    expect(payment!.detail.allocations).toEqual(
      expect.arrayContaining([
        { envelope: 'consultations', amount: '25.00' },
        { envelope: 'medicines', amount: '0.08' },
        { envelope: 'hospitalisation', amount: '108.01' },
      ]),
    );
  });

  it('sends a request over the straight-through limit to an agent, who approves it; a refusal pays nothing', async () => {
    const member = await as('claimant1');
    const large = (await member.post('/api/cases', healthRequest([line('hospitalisation', '1500.00')]))).body.caseId as string;
    const review = await openTask(large, 'reimbursement-review');
    await work('agent1', review.taskId, 'approve');
    expect((await caseStatus(large, 'closed')).decision).toBe('reimbursed');
    const [payment] = await eventually(async () => ((await paymentsOf(large)).length ? paymentsOf(large) : undefined));
    expect(payment!.detail.amount).toBe('1350.00');

    // A line without the provider's registration number is checked by an agent, whatever the amount.
    const unidentified = (await member.post('/api/cases', healthRequest([line('medicine', '12.00', null)]))).body.caseId as string;
    const check = await openTask(unidentified, 'reimbursement-review');
    expect((await (await as('agent1')).post(`/api/tasks/${check.taskId}/claim`)).status).toBe(200);
    expect((await (await as('agent1')).post(`/api/tasks/${check.taskId}/complete`, { outcome: 'refuse' })).status).toBe(400);
    expect((await (await as('agent1')).post(`/api/tasks/${check.taskId}/complete`, { outcome: 'refuse', data: { reason: 'Prestataire inconnu' } })).status).toBe(200);
    expect((await caseStatus(unidentified, 'closed')).decision).toBe('refused');
    expect(await paymentsOf(unidentified)).toEqual([]);
    expect(await settledActions(unidentified)).not.toContain('payment.requested');
  });

  it('refuses bad lines with a 400 naming each field, and writes nothing', async () => {
    const member = await as('claimant1');
    const response = await member.post(
      '/api/cases',
      healthRequest([{ actCategory: 'cosmetic', date: '2001-01-01', amountPaid: 12.5, provider: 'X' }]),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'data.lines.0.actCategory',
      'data.lines.0.amountPaid',
      'data.lines.0.date',
      'data.lines.0.provider',
    ]);
    const float = await member.post('/api/cases', healthRequest([line('medicine', '12.345')]));
    expect(float.body.error.fields[0].field).toBe('data.lines.0.amountPaid');
  });
});
