import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, eventually, request } from './support/api.js';
import { daysAgo } from './support/claims.js';
import { openTask } from './support/lifecycle.js';

// Skills and workload against the local stack: the assignment-policy table pushes claims that
// need a language (and an authority) to the eligible agent with room; claims, reassignments and
// absences obey the same eligibility. The demo profiles (local/demo-users.ts): agent1 works in
// fr/en up to 5,000; agent2 in fr/en/ar up to 20,000.

type Profile = { skills: { caseTypes: string[]; languages: string[]; regions: string[] }; authorityLimit: number | null; capacity: number; absences: { from: string; to: string; delegate?: string }[]; version: number };

const arabicClaim = (amountPaid: string) => ({
  type: 'health-reimbursement',
  data: {
    member: { memberNumber: 'M0099999', firstName: 'Karim', lastName: 'Haddad' },
    lines: [{ actCategory: 'hospitalisation', date: daysAgo(4), amountPaid, provider: 'Clinique du Parc', providerId: 'FINESS12345' }],
    preferredLanguage: 'ar',
  },
});

async function profile(userId: string): Promise<Profile> {
  const response = await (await as('supervisor1')).get(`/api/staff/${userId}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function edit(userId: string, change: (p: Profile) => Partial<Profile>): Promise<Profile> {
  const current = await profile(userId);
  const next = { ...current, ...change(current) };
  const response = await (await as('supervisor1')).put(`/api/staff/${userId}`, {
    skills: next.skills,
    authorityLimit: next.authorityLimit,
    capacity: next.capacity,
    absences: next.absences.map(({ from, to, delegate }) => ({ from, to, ...(delegate ? { delegate } : {}) })),
    expectedVersion: current.version,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function declare(amountPaid: string): Promise<string> {
  const created = await (await as('claimant2')).post('/api/cases', arabicClaim(amountPaid));
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  return created.body.caseId;
}

const taskCreated = async (caseId: string) => {
  const history = await (await as('supervisor1')).get(`/api/cases/${caseId}/history`);
  return history.body.entries.find((e: { action: string }) => e.action === 'task.created');
};

const basket = async (userId: string) => (await (await as('supervisor1')).get(`/api/tasks?view=mine&assignee=${userId}&limit=100`)).body.items as { taskId: string }[];

describe('assignment by skills and load', () => {
  const saved: Record<string, Profile> = {};
  beforeAll(async () => {
    for (const user of ['agent1', 'agent2']) saved[user] = await profile(user);
  });
  afterAll(async () => {
    // Put the demo profiles back as they were for the files that follow.
    for (const user of ['agent1', 'agent2']) await edit(user, () => ({ skills: saved[user]!.skills, authorityLimit: saved[user]!.authorityLimit, capacity: saved[user]!.capacity, absences: [] }));
  });

  it('gives an Arabic health claim above 5,000 to the one agent who works in Arabic, may decide it and has room, untouched', async () => {
    // agent1 now works in Arabic too, but may decide only up to 5,000.
    await edit('agent1', (p) => ({ skills: { ...p.skills, languages: ['fr', 'en', 'ar'] }, authorityLimit: 5000 }));
    const caseId = await declare('7200.00');
    const task = await openTask(caseId, 'reimbursement-review');
    expect(task.status).toBe('assigned');
    expect(task.assignee).toBe('agent2');
    const entry = await taskCreated(caseId);
    expect(entry.details.assignment).toMatchObject({ mode: 'push', decisionId: 'assignment-policy', assignedTo: 'agent2', needs: { language: 'ar', authority: 7200 } });
    expect(entry.actor.username).toBe('dossier');
    // It is in agent2's basket, not in the queue.
    expect((await basket('agent2')).map((t) => t.taskId)).toContain(task.taskId);
  });

  it('leaves the task in its queue when nobody eligible has room, alerts the supervisors, and refuses a claim by someone not eligible with the reason', async () => {
    const held = (await basket('agent2')).length;
    await edit('agent2', () => ({ capacity: held }));
    await edit('agent1', (p) => ({ skills: { ...p.skills, languages: ['fr', 'en'] } }));
    const caseId = await declare('6100.00');
    const task = await openTask(caseId, 'reimbursement-review');
    expect(task.status).toBe('open');
    expect(task.assignee).toBeUndefined();
    const entry = await taskCreated(caseId);
    expect(entry.details.assignment.assignedTo).toBeNull();
    expect(entry.details.assignment.passedOver).toEqual(expect.arrayContaining([`agent1 does not work in ar`, `agent2 is at capacity (${held} open tasks of ${held})`]));
    // The supervisors are told, in their portal.
    const alert = await eventually(async () => {
      const items = (await (await as('supervisor1')).get('/api/notifications')).body.items as { caseId: string; template: string }[];
      return items.find((n) => n.caseId === caseId && n.template === 'task-unassignable');
    });
    expect(alert).toBeDefined();
    // agent1 may not take it, and is told why.
    const claim = await (await as('agent1')).post(`/api/tasks/${task.taskId}/claim`);
    expect(claim.status).toBe(403);
    expect(claim.body.error.message).toContain('agent1 does not work in ar');
    // Nor may a supervisor hand it to them: the same rule, on the field at fault.
    const moved = await (await as('supervisor1')).post(`/api/tasks/${task.taskId}/reassign`, { to: 'agent1' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields).toEqual([{ field: 'to', message: 'agent1 does not work in ar' }]);
    // With room again, agent2 may claim it.
    await edit('agent2', () => ({ capacity: held + 5 }));
    const claimed = await (await as('agent2')).post(`/api/tasks/${task.taskId}/claim`);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
  });

  it("moves an absent agent's tasks to their delegate at the absence's start, by the scheduler, and to the queue those the delegate may not take", async () => {
    // agent1 may now take Arabic work up to 20,000 but has room for only one more task.
    const agent1Held = (await basket('agent1')).length;
    await edit('agent1', (p) => ({ skills: { ...p.skills, languages: ['fr', 'en', 'ar'] }, authorityLimit: 20000, capacity: agent1Held + 1 }));
    // One after the other: two placed at the same instant could both see agent1's last free place.
    const tasks: { caseId: string; taskId: string; status: string; assignee?: string }[] = [];
    for (const amount of ['5600.00', '5700.00']) {
      const caseId = await declare(amount);
      tasks.push({ caseId, ...(await openTask(caseId, 'reimbursement-review')) });
    }
    // The least loaded eligible agent takes each; agent1 has room for one of them at most.
    const mine = (await basket('agent2')).map((t) => t.taskId);
    const toMove = tasks.filter((t) => mine.includes(t.taskId));
    expect(toMove.length).toBeGreaterThan(0);
    // agent1 gets room for all of agent2's tasks but one: that one goes back to the queue.
    const agent2Tasks = (await basket('agent2')).map((t) => t.taskId);
    const agent1Before = (await basket('agent1')).length;
    await edit('agent1', () => ({ capacity: agent1Before + agent2Tasks.length - 1 }));

    const { now } = (await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } })).body as { now: string };
    const from = new Date(Date.parse(now) + 30_000).toISOString();
    const to = new Date(Date.parse(now) + 7 * 86_400_000).toISOString();
    await edit('agent2', () => ({ absences: [{ from, to, delegate: 'agent1' }] }));
    // Not before it starts.
    expect((await basket('agent2')).length).toBeGreaterThan(0);
    await request('POST', '/api/_local/clock', { body: { advance: 'PT1M' } });

    expect(await basket('agent2')).toEqual([]);
    const agent1Now = (await basket('agent1')).map((t) => t.taskId);
    const delegated = agent2Tasks.filter((id) => agent1Now.includes(id));
    expect(delegated).toHaveLength(agent2Tasks.length - 1);
    const requeued = agent2Tasks.find((id) => !agent1Now.includes(id))!;
    const back = tasks.find((t) => t.taskId === requeued);
    if (back) expect((await openTask(back.caseId, 'reimbursement-review')).status).toBe('open');
    // Each move is in its case's history, by the system, saying why.
    for (const task of toMove) {
      const history = await (await as('supervisor1')).get(`/api/cases/${task.caseId}/history`);
      const move = history.body.entries.find((e: { action: string }) => e.action === 'task.reassigned' || e.action === 'task.released');
      expect(move).toMatchObject({ actor: { username: 'dossier' }, details: { from: 'agent2', reason: 'absence', ...(task.taskId === requeued ? {} : { to: 'agent1' }) } });
    }
    // The board shows the absence, and who carries what.
    const board = await (await as('supervisor1')).get('/api/workload');
    expect(board.status).toBe(200);
    const agent2 = board.body.people.find((p: { userId: string }) => p.userId === 'agent2');
    expect(agent2).toMatchObject({ openTasks: 0, absent: true, absence: { from, to, delegate: 'agent1' } });
    expect(board.body.people.find((p: { userId: string }) => p.userId === 'agent1').openTasks).toBe(agent1Now.length);
    // The absence is marked applied: a second tick moves nothing again.
    const after = await profile('agent2');
    expect(after.absences[0]).toHaveProperty('appliedAt');
  });
});
