import { afterEach, describe, expect, it } from 'vitest';
import { as, eventually, request } from './support/api.js';
import { declaration } from './support/fixtures.js';

const pauseStarter = (paused: boolean) => request('POST', '/api/_local/case-starts', { body: { paused } });
const backlog = async () => (await request('GET', '/api/_local/case-starts')).body as { visible: number; inFlight: number; deadLetters: number; oldestAgeSeconds: number };

afterEach(async () => {
  await pauseStarter(false);
});

describe('buffered intake', () => {
  it('answers 202 at once, shows the case received while its start waits in the queue, and starts it when the starter runs', async () => {
    await pauseStarter(true);
    const claimant = await as('claimant1');
    // Eight months of contributions: the required-documents table adds the affiliation certificate.
    const created = await claimant.post('/api/cases', declaration({ contributionMonths: 8 }));
    expect(created.status).toBe(202);
    expect(created.body.status).toBe('received');
    const caseId = created.body.caseId as string;

    // Waiting, not started: the view says so, no task exists, the backlog shows it.
    await new Promise((r) => setTimeout(r, 1_500));
    const waiting = await claimant.get(`/api/cases/${caseId}`);
    expect(waiting.body.status).toBe('received');
    expect(waiting.body.history.map((e: { action: string }) => e.action)).toEqual(['case.declared']);
    expect((await (await as('agent1')).get(`/api/tasks?caseId=${caseId}`)).body.items).toEqual([]);
    expect((await backlog()).visible).toBeGreaterThanOrEqual(1);
    // The documents every such case needs can be sent at once; those its decisions add are known at
    // registration, so an upload of one of those asked for now is told to come back.
    const upload = (category: string) => claimant.post(`/api/cases/${caseId}/documents`, { fileName: `${category}.pdf`, contentType: 'application/pdf', size: 1000, category });
    expect((await upload('declaration-form')).status).toBe(201);
    const early = await upload('affiliation-certificate');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/being registered/);

    await pauseStarter(false);
    const started = await eventually(async () => {
      const view = await claimant.get(`/api/cases/${caseId}`);
      return view.body.status === 'qualification' ? view : undefined;
    });
    expect(started.body.history.map((e: { action: string }) => e.action)).toEqual(['task.created', 'case.registered', 'case.declared']);
    expect(started.body.checklist.map((line: { category: string }) => line.category)).toContain('affiliation-certificate');
    expect((await upload('affiliation-certificate')).status).toBe(201);
    await eventually(async () => ((await backlog()).visible === 0 ? true : undefined));
  });

  it('starts each of a burst of declarations exactly once', async () => {
    await pauseStarter(true);
    const claimant = await as('claimant2');
    const responses = await Promise.all(Array.from({ length: 15 }, () => claimant.post('/api/cases', declaration())));
    expect(responses.map((r) => r.status)).toEqual(Array(15).fill(202));
    const ids = responses.map((r) => r.body.caseId as string);
    await pauseStarter(false);
    const agent = await as('agent1');
    for (const caseId of ids) {
      const tasks = await eventually(async () => {
        const found = (await agent.get(`/api/tasks?caseId=${caseId}`)).body.items;
        return found?.length ? found : undefined;
      });
      expect(tasks.map((t: { kind: string }) => t.kind)).toEqual(['qualification']);
      const history = (await claimant.get(`/api/cases/${caseId}/history`)).body;
      const actions = history.entries.map((e: { action: string }) => e.action);
      expect(actions.filter((a: string) => a === 'case.registered')).toHaveLength(1);
    }
  });
});
