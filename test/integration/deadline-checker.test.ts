import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, inject } from 'vitest';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { checkDeadlines } from '#shared/sla/deadline-checker.js';
import { as, eventually, request } from './support/api.js';
import { runUseCasesInProcess } from './support/in-process.js';
import { actions, declaredCase, openTask } from './support/lifecycle.js';

// The deadline checker run here, in the test's process, on the shared stack's real table and bus:
// twice at once, as two overlapping schedules would, and with the bus failing, as a retried run
// would meet it. It is given the instant to check at, ahead of the runtime's own clock, so the
// runtime's scheduler never takes these steps itself.

runUseCasesInProcess({ EVENTS_ENDPOINT: inject('awsEndpoint') });

async function runtimeNow(): Promise<Date> {
  return new Date((await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } })).body.now as string);
}

/**
 * A qualification task claimed by agent1 (five business days), and an instant twelve days later:
 * at risk and breached by then. Every other clock due by then is taken too, which is the
 * checker's job, so the runs below may take a while on a busy machine.
 */
async function claimedQualification() {
  const caseId = await declaredCase();
  const task = await openTask(caseId, 'qualification');
  expect((await (await as('agent1')).post(`/api/tasks/${task.taskId}/claim`)).status).toBe(200);
  const later = new Date((await runtimeNow()).getTime() + 12 * 86_400_000);
  return { caseId, taskId: task.taskId, later };
}

const count = (list: string[], action: string) => list.filter((a) => a === action).length;

describe('the deadline checker', { timeout: 120_000 }, () => {
  it('takes each step once when two runs overlap', async () => {
    const { caseId, later } = await claimedQualification();
    await Promise.all([checkDeadlines(later), checkDeadlines(later), checkDeadlines(later)]);

    const history = await actions(caseId);
    expect(count(history, 'sla.at-risk')).toBe(1);
    expect(count(history, 'sla.breached')).toBe(1);
    // However many times the runs announced it, agent1 is warned once and each supervisor alerted once.
    const mails = async () =>
      ((await request('GET', '/api/_local/outbox')).body.items as { caseId: string; template: string; to: string }[]).filter((m) => m.caseId === caseId);
    await eventually(async () => ((await mails()).some((m) => m.template === 'deadline-breached') ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect((await mails()).filter((m) => m.template === 'deadline-approaching').map((m) => m.to)).toEqual([expect.stringMatching(/^agent1@/)]);
    expect((await mails()).filter((m) => m.template === 'deadline-breached' && m.to.startsWith('supervisor1'))).toHaveLength(1);

    // Qualification left too long goes back to the agents' queue, for whoever is free.
    const task = (await (await as('supervisor1')).get(`/api/tasks?caseId=${caseId}`)).body.items[0];
    expect(task).toMatchObject({ status: 'open', priority: 'high' });
    expect(task.assignee).toBeUndefined();

    // A run afterwards finds nothing left to do for this case (compared once the mails the
    // earlier runs announced are recorded: they are sent from the bus, after the runs return).
    const settled = await actions(caseId);
    await checkDeadlines(new Date(later.getTime() + 86_400_000));
    await new Promise((r) => setTimeout(r, 500));
    expect(await actions(caseId)).toEqual(settled);
  });

  it('leaves a step undone, and due, when its event cannot be published; the next run takes it', async () => {
    const { caseId, later } = await claimedQualification();
    const bus = mockClient(EventBridgeClient);
    try {
      bus.on(PutEventsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      const failed = await checkDeadlines(later);
      expect(failed.failed).toBeGreaterThan(0);
      expect(await actions(caseId)).not.toContain('sla.at-risk');
    } finally {
      bus.restore();
    }
    resetClientsForTests();
    await checkDeadlines(later);
    const history = await actions(caseId);
    expect(count(history, 'sla.at-risk')).toBe(1);
    expect(count(history, 'sla.breached')).toBe(1);
  });
});
