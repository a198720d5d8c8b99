import { describe, expect, it } from 'vitest';
import { as, eventually, request, tokenFor } from './support/api.js';
import { actions, allTasks, caseStatus, declaredCase, findInQueue, openTask, work } from './support/lifecycle.js';

const opinion = { opinion: 'Tableau RG 57 : conditions remplies, lien direct établi.' };

describe('scenario A on the real state machine', () => {
  it('runs from declaration to a recognised decision, the claimant notified and the case closed', async () => {
    const caseId = await declaredCase();

    // agent1 finds the qualification task in the agent queue, with the case summary on the row.
    const qualification = await openTask(caseId, 'qualification');
    const row = await findInQueue('agent1', qualification.taskId);
    expect(row).toMatchObject({ caseId, kind: 'qualification', status: 'open', outcomes: ['accept', 'request-documents', 'reject'], sla: 'on-track' });
    expect(row.case).toMatchObject({ type: 'occupational-disease', claimantName: 'Camille Lefèvre', status: 'qualification' });
    expect(row.taskToken).toBeUndefined();
    expect(row.executionArn).toBeUndefined();

    await work('agent1', qualification.taskId, 'accept');

    // The case reaches medical review in the expert queue.
    const review = await openTask(caseId, 'medical-review');
    expect(await findInQueue('expert1', review.taskId)).toMatchObject({ kind: 'medical-review', queue: 'expert' });
    await caseStatus(caseId, 'medical-review');

    // supervisor1 reassigns it to expert1, who finds it in their own basket and decides.
    const supervisor = await as('supervisor1');
    const reassigned = await supervisor.post(`/api/tasks/${review.taskId}/reassign`, { to: 'expert1' });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.assignee).toBe('expert1');
    const mine = await allTasks('expert1', 'view=mine');
    expect(mine.map((t: { taskId: string }) => t.taskId)).toContain(review.taskId);
    const decided = await (await as('expert1')).post(`/api/tasks/${review.taskId}/complete`, { outcome: 'recognised', data: opinion });
    expect(decided.status).toBe(200);

    const closed = await caseStatus(caseId, 'closed');
    expect(closed).toMatchObject({ decision: 'recognised', closeReason: 'decided' });
    expect(closed.tasks).toEqual([]);
    // The hand-over entry races with the next step's own entries, so compare as a multiset and
    // check the order of what cannot race.
    // The lifecycle tells the claimant in the portal (claimant.notified); the notification
    // consumer adds the e-mail, asynchronously: wait for it, then leave it out of the lifecycle's steps.
    const all = await eventually(async () => {
      const found = await actions(caseId);
      // The archive's entry follows the closing one in a write of its own: wait for it too.
      return found.filter((a) => a === 'notification.sent').length === 1 && found.includes('case.archived') ? found : undefined;
    });
    const entries = all.filter((a) => a !== 'notification.sent');
    expect([...entries].sort()).toEqual([
      'case.declared', 'case.registered',
      'task.created', 'task.claimed', 'task.completed',
      'task.created', 'task.reassigned', 'task.completed',
      'case.decided', 'claimant.notified', 'case.closed', 'case.archived',
    ].sort());
    expect(entries.slice(0, 3)).toEqual(['case.declared', 'case.registered', 'task.created']);
    expect(entries.filter((a) => a.startsWith('case.') || a === 'claimant.notified').slice(-4)).toEqual(['case.decided', 'claimant.notified', 'case.closed', 'case.archived']);
    // The claimant sees the decision on their case, and once in their notifications.
    const own = await (await as('claimant1')).get(`/api/cases/${caseId}`);
    expect(own.body).toMatchObject({ status: 'closed', decision: 'recognised' });
    const notifications = (await (await as('claimant1')).get('/api/notifications?limit=100')).body.items.filter((n: { caseId: string }) => n.caseId === caseId);
    expect(notifications.map((n: { template: string }) => n.template)).toEqual(['case-decided']);
  });

  it('closes a case rejected at qualification', async () => {
    const caseId = await declaredCase();
    await work('agent2', (await openTask(caseId, 'qualification')).taskId, 'reject', { reason: 'Hors délai de prescription' });
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ decision: 'rejected' });
  });

  it('closes a case refused at medical review', async () => {
    const caseId = await declaredCase();
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept');
    await work('expert1', (await openTask(caseId, 'medical-review')).taskId, 'refused', opinion);
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ decision: 'refused' });
  });

  it('collects documents when the agent asks for them, then goes to medical review', async () => {
    const caseId = await declaredCase();
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'request-documents', { categories: ['employer-certificate'] });
    await caseStatus(caseId, 'document-collection');
    await work('agent1', (await openTask(caseId, 'document-collection')).taskId, 'complete');
    expect((await openTask(caseId, 'medical-review')).status).toBe('open');
  });

  it('sends the case back to document collection when the expert requests a complement', async () => {
    const caseId = await declaredCase();
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept');
    await work('expert1', (await openTask(caseId, 'medical-review')).taskId, 'request-complement', { categories: ['audiogram'] });
    await caseStatus(caseId, 'document-collection');
    await work('agent2', (await openTask(caseId, 'document-collection')).taskId, 'complete');
    await work('expert1', (await openTask(caseId, 'medical-review')).taskId, 'recognised', opinion);
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ decision: 'recognised' });
  });

  it('closes a case whose document collection is abandoned', async () => {
    const caseId = await declaredCase();
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'request-documents', { categories: ['payslips'] });
    await work('agent1', (await openTask(caseId, 'document-collection')).taskId, 'abandon', { reason: 'Aucune réponse du déclarant' });
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ decision: 'closed-incomplete' });
  });

  it('lets the claimant withdraw, ending the waiting task', async () => {
    const caseId = await declaredCase();
    const task = await openTask(caseId, 'qualification');
    const withdrawn = await (await as('claimant1')).post(`/api/cases/${caseId}/withdraw`, { reason: 'Je retire ma demande' });
    expect(withdrawn.status).toBe(202);
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ closeReason: 'withdrawn' });
    const late = await (await as('agent1')).post(`/api/tasks/${task.taskId}/claim`);
    expect(late.status).toBe(409);
  });

  it("refuses withdrawal by anyone but the case's claimant", async () => {
    const caseId = await declaredCase();
    await openTask(caseId, 'qualification');
    expect((await (await as('claimant2')).post(`/api/cases/${caseId}/withdraw`, { reason: 'not mine' })).status).toBe(404);
    expect((await (await as('agent1')).post(`/api/cases/${caseId}/withdraw`, { reason: 'not mine' })).status).toBe(403);
  });

  it('lets a supervisor cancel a case in medical review, and re-open it afterwards', async () => {
    const caseId = await declaredCase();
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept');
    await openTask(caseId, 'medical-review');
    expect((await (await as('agent1')).post(`/api/cases/${caseId}/cancel`, { reason: 'doublon' })).status).toBe(403);
    expect((await (await as('supervisor1')).post(`/api/cases/${caseId}/cancel`, { reason: 'Doublon du dossier précédent' })).status).toBe(202);
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ closeReason: 'cancelled' });

    const reopened = await (await as('supervisor1')).post(`/api/cases/${caseId}/reopen`, { reason: 'Annulation par erreur' });
    expect(reopened.status).toBe(202);
    const qualification = await openTask(caseId, 'qualification');
    await work('agent1', qualification.taskId, 'accept');
    await work('expert1', (await openTask(caseId, 'medical-review')).taskId, 'recognised', opinion);
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ decision: 'recognised' });
    const history = await actions(caseId);
    expect(history).toEqual(expect.arrayContaining(['case.cancellation-requested', 'case.reopened']));
    // The re-opened case goes back to qualification without being registered a second time.
    expect(history.filter((a) => a === 'case.registered')).toHaveLength(1);
  });
});

describe('task actions under contention and misuse', () => {
  it('lets exactly one of two agents claiming at once win; the other gets 409', async () => {
    const caseId = await declaredCase();
    const { taskId } = await openTask(caseId, 'qualification');
    const [a, b] = await Promise.all([(await as('agent1')).post(`/api/tasks/${taskId}/claim`), (await as('agent2')).post(`/api/tasks/${taskId}/claim`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('advances the case once when a task is completed twice', async () => {
    const caseId = await declaredCase();
    const { taskId } = await openTask(caseId, 'qualification');
    const agent = await as('agent1');
    await agent.post(`/api/tasks/${taskId}/claim`);
    const [first, second] = await Promise.all([
      agent.post(`/api/tasks/${taskId}/complete`, { outcome: 'accept' }),
      agent.post(`/api/tasks/${taskId}/complete`, { outcome: 'accept' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    await openTask(caseId, 'medical-review');
    const again = await agent.post(`/api/tasks/${taskId}/complete`, { outcome: 'accept' });
    expect(again.status).toBe(409);
    const created = (await actions(caseId)).filter((a) => a === 'task.created');
    expect(created).toHaveLength(2);
  });

  it('refuses an outcome the task does not allow (400) and bad outcome data, leaving the task as it was', async () => {
    const caseId = await declaredCase();
    const { taskId } = await openTask(caseId, 'qualification');
    const agent = await as('agent1');
    await agent.post(`/api/tasks/${taskId}/claim`);
    const wrong = await agent.post(`/api/tasks/${taskId}/complete`, { outcome: 'recognised' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields[0].field).toBe('outcome');
    const noReason = await agent.post(`/api/tasks/${taskId}/complete`, { outcome: 'reject', data: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.map((f: { field: string }) => f.field)).toContain('data.reason');
    expect((await openTask(caseId, 'qualification')).status).toBe('assigned');
  });

  it('keeps tasks to their people: the expert queue cannot claim agent work, nor complete what is not theirs', async () => {
    const caseId = await declaredCase();
    const { taskId } = await openTask(caseId, 'qualification');
    expect((await (await as('expert1')).post(`/api/tasks/${taskId}/claim`)).status).toBe(403);
    await (await as('agent1')).post(`/api/tasks/${taskId}/claim`);
    expect((await (await as('agent2')).post(`/api/tasks/${taskId}/complete`, { outcome: 'accept' })).status).toBe(403);
    expect((await (await as('claimant1')).get(`/api/tasks?caseId=${caseId}`)).status).toBe(403);
    expect((await (await as('claimant1')).post(`/api/tasks/${taskId}/claim`)).status).toBe(403);
  });

  it('releases a claimed task back to the queue, and refuses reassignment to someone outside the queue', async () => {
    const caseId = await declaredCase();
    const { taskId } = await openTask(caseId, 'qualification');
    const agent = await as('agent1');
    await agent.post(`/api/tasks/${taskId}/claim`);
    const released = await agent.post(`/api/tasks/${taskId}/release`);
    expect(released.body).toMatchObject({ status: 'open' });
    expect(released.body.assignee).toBeUndefined();
    const wrongPerson = await (await as('supervisor1')).post(`/api/tasks/${taskId}/reassign`, { to: 'expert1' });
    expect(wrongPerson.status).toBe(400);
    expect(wrongPerson.body.error.fields[0].field).toBe('to');
    expect((await (await as('agent1')).post(`/api/tasks/${taskId}/reassign`, { to: 'agent2' })).status).toBe(403);
  });

  it('reassigns many tasks at once, saying which moved', async () => {
    const ids = [] as string[];
    for (let i = 0; i < 3; i++) ids.push((await openTask(await declaredCase(), 'qualification')).taskId);
    const response = await (await as('supervisor1')).post('/api/tasks/reassign', { taskIds: [...ids, 'T0000000000000000000000000'], to: 'agent2' });
    expect(response.status).toBe(200);
    expect(response.body.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 200, 404]);
    const colleague = await allTasks('supervisor1', 'assignee=agent2');
    expect(colleague.map((t: { taskId: string }) => t.taskId)).toEqual(expect.arrayContaining(ids));
    expect((await (await as('agent1')).get('/api/tasks?assignee=agent2')).status).toBe(403);
  });
});

describe('ad-hoc work, comments and data changes on a running case', () => {
  it('adds an ad-hoc task that shows in the in-basket and case view without disturbing the execution', async () => {
    const caseId = await declaredCase();
    const qualification = await openTask(caseId, 'qualification');
    const added = await (await as('agent1')).post(`/api/cases/${caseId}/tasks`, { title: "Appeler l'employeur", assignee: 'agent2' });
    expect(added.status).toBe(201);
    const basket = await allTasks('agent2', 'view=mine');
    expect(basket.map((t: { taskId: string }) => t.taskId)).toContain(added.body.taskId);
    const view = await (await as('agent1')).get(`/api/cases/${caseId}`);
    expect(view.body.tasks.map((t: { taskId: string }) => t.taskId)).toEqual(expect.arrayContaining([added.body.taskId, qualification.taskId]));
    const done = await (await as('agent2')).post(`/api/tasks/${added.body.taskId}/complete`, { outcome: 'done' });
    expect(done.body.status).toBe('completed');
    expect((await openTask(caseId, 'qualification')).taskId).toBe(qualification.taskId);
  });

  it('records comments, shares only shared ones with the claimant', async () => {
    const caseId = await declaredCase();
    await (await as('agent1')).post(`/api/cases/${caseId}/comments`, { text: 'Note interne : vérifier l’employeur', visibility: 'staff' });
    await (await as('claimant1')).post(`/api/cases/${caseId}/comments`, { text: 'Je joins mon certificat demain.' });
    const staffView = await (await as('agent1')).get(`/api/cases/${caseId}`);
    expect(staffView.body.comments.map((c: { text: string }) => c.text)).toHaveLength(2);
    const claimantView = await (await as('claimant1')).get(`/api/cases/${caseId}`);
    expect(claimantView.body.comments.map((c: { text: string }) => c.text)).toEqual(['Je joins mon certificat demain.']);
    expect((await (await as('claimant2')).post(`/api/cases/${caseId}/comments`, { text: 'intrus' })).status).toBe(404);
  });

  it('changes case data under a version check: a stale edit gets 409', async () => {
    const caseId = await declaredCase();
    await openTask(caseId, 'qualification');
    const agent = await as('agent1');
    const view = await agent.get(`/api/cases/${caseId}`);
    const first = await patchCase('agent1', caseId, { contributionMonths: 130 }, view.body.version);
    expect(first.status).toBe(200);
    const stale = await patchCase('agent2', caseId, { contributionMonths: 140 }, view.body.version);
    expect(stale.status).toBe(409);
    const after = await agent.get(`/api/cases/${caseId}`);
    expect(after.body.data.contributionMonths).toBe(130);
    expect(after.body.history.map((e: { action: string }) => e.action)).toContain('case.data-changed');
    expect((await patchCase('claimant1', caseId, { contributionMonths: 1 }, after.body.version)).status).toBe(403);
  });
});

async function patchCase(user: string, caseId: string, data: Record<string, unknown>, version: number) {
  return request('PATCH', `/api/cases/${caseId}`, { token: await tokenFor(user), body: { data }, headers: { 'if-match': `"${version}"` } });
}
