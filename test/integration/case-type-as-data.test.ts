import { describe, expect, it } from 'vitest';
import { as, eventually } from './support/api.js';

// test/fixtures/minimal-case-type.ts and test-minimal.asl.json are the whole of this type:
// the generic handlers, unchanged, validate it, run it, queue its task and close it.
describe('a case type added as files only', () => {
  it('is listed with its schema, validated, run by its own state machine and closed through the generic task routes', async () => {
    const types = await (await as('claimant1')).get('/api/case-types');
    const minimal = types.body.find((t: { id: string }) => t.id === 'test-minimal');
    expect(minimal.dataSchema.required).toEqual(['subject', 'amount']);

    const claimant = await as('claimant1');
    const invalid = await claimant.post('/api/cases', { type: 'test-minimal', data: { subject: 'x', amount: -1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['data.amount', 'data.subject']);

    const created = await claimant.post('/api/cases', { type: 'test-minimal', data: { subject: 'Lunettes', amount: 120 } });
    expect(created.status).toBe(202);
    const agent = await as('agent1');
    const task = await eventually(async () => (await agent.get(`/api/tasks?caseId=${created.body.caseId}`)).body.items?.[0]);
    expect(task).toMatchObject({ kind: 'review', outcomes: ['approve', 'decline'], case: { type: 'test-minimal', status: 'review' } });

    expect((await agent.post(`/api/tasks/${task.taskId}/claim`)).status).toBe(200);
    const declineWithoutReason = await agent.post(`/api/tasks/${task.taskId}/complete`, { outcome: 'decline' });
    expect(declineWithoutReason.status).toBe(400);
    expect((await agent.post(`/api/tasks/${task.taskId}/complete`, { outcome: 'approve' })).status).toBe(200);

    const closed = await eventually(async () => {
      const view = await claimant.get(`/api/cases/${created.body.caseId}`);
      return view.body.status === 'closed' ? view.body : undefined;
    });
    expect(closed.decision).toBe('approve');
    expect(closed.checklist.map((l: { category: string }) => l.category)).toEqual(['receipt']);
  });
});
