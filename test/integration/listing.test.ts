import { describe, expect, it } from 'vitest';
import { as, eventually } from './support/api.js';
import { declaration } from './support/fixtures.js';
import { declaredCase, openTask } from './support/lifecycle.js';

type Item = { caseId: string; status: string; type: string; summary: { claimantName: string } };

async function allPages(user: string, query: string): Promise<Item[]> {
  const client = await as(user);
  const items: Item[] = [];
  let cursor: string | undefined;
  // The stack is shared by every test file (some seed hundreds of cases): bound generously.
  for (let page = 0; page < 1000; page++) {
    const response = await client.get(`/api/cases?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.cursor;
    if (!cursor) return items;
  }
  throw new Error('paging did not end');
}

describe('listing cases', () => {
  it('shows a claimant their own cases only, and staff everyone’s', async () => {
    const mine = (await (await as('claimant2')).post('/api/cases', declaration({ claimant: { firstName: 'Zoé', lastName: 'Unique-Listing', birthDate: '1970-01-01', email: 'z@example.org' } }))).body.caseId;
    const theirs = (await (await as('claimant1')).post('/api/cases', declaration())).body.caseId;

    const claimantView = await allPages('claimant2', 'limit=100');
    expect(claimantView.map((c) => c.caseId)).toContain(mine);
    expect(claimantView.map((c) => c.caseId)).not.toContain(theirs);

    const staffView = await allPages('supervisor1', 'limit=100');
    expect(staffView.map((c) => c.caseId)).toEqual(expect.arrayContaining([mine, theirs]));
  });

  it('pages through every case exactly once, newest first, across shards', async () => {
    const agent = await as('agent1');
    const created: string[] = [];
    for (let i = 0; i < 12; i++) created.push((await agent.post('/api/cases', declaration())).body.caseId);

    const listed = await allPages('supervisor1', 'limit=5');
    const ids = listed.map((c) => c.caseId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(created));
    const positions = created.map((id) => ids.indexOf(id));
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
  });

  it('filters by status, type and search text (accents ignored)', async () => {
    const claimant = await as('claimant1');
    const id = (await claimant.post('/api/cases', declaration({ claimant: { firstName: 'Hélène', lastName: 'Zyxwé', birthDate: '1970-01-01', email: 'h@example.org' } }))).body.caseId;
    await eventually(async () => ((await claimant.get(`/api/cases/${id}`)).body.status === 'qualification' ? true : undefined));

    const byName = await allPages('agent1', 'q=zyxwe');
    expect(byName.map((c) => c.caseId)).toEqual([id]);
    expect(byName[0]!.summary.claimantName).toBe('Hélène Zyxwé');

    const inQualification = await allPages('agent1', 'status=qualification&q=zyxwe');
    expect(inQualification.map((c) => c.caseId)).toEqual([id]);
    expect(await allPages('agent1', 'status=received&q=zyxwe')).toEqual([]);
    expect((await allPages('agent1', 'type=occupational-disease&q=zyxwe')).map((c) => c.caseId)).toEqual([id]);
    expect(await allPages('agent1', 'type=health-reimbursement&q=zyxwe')).toEqual([]);
    expect((await allPages('claimant1', 'q=zyxwe')).map((c) => c.caseId)).toEqual([id]);
    expect(await allPages('claimant2', 'q=zyxwe')).toEqual([]);
  });

  it('lists the cases a person holds an open task on, for staff, filters and paging included', async () => {
    const held = [await declaredCase(), await declaredCase()];
    const other = await declaredCase();
    const supervisor = await as('supervisor1');
    for (const caseId of held) {
      const { taskId } = await openTask(caseId, 'qualification');
      expect((await supervisor.post(`/api/tasks/${taskId}/reassign`, { to: 'agent2' })).status).toBe(200);
    }
    await openTask(other, 'qualification');

    const listed = await allPages('supervisor1', 'assignee=agent2&limit=1');
    expect(listed.map((c) => c.caseId)).toEqual(expect.arrayContaining(held));
    expect(listed.map((c) => c.caseId)).not.toContain(other);
    // Newest first, one page at a time, each case once.
    const positions = held.map((id) => listed.findIndex((c) => c.caseId === id));
    expect(positions[1]).toBeLessThan(positions[0]!);
    expect(new Set(listed.map((c) => c.caseId)).size).toBe(listed.length);
    expect(await allPages('supervisor1', 'assignee=agent2&status=received')).toEqual([]);

    // Once the task is done, the case is no longer theirs to work on.
    const { taskId } = await openTask(held[0]!, 'qualification');
    const done = await (await as('agent2')).post(`/api/tasks/${taskId}/complete`, { outcome: 'reject', data: { reason: 'Hors délai de prescription' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await allPages('supervisor1', 'assignee=agent2')).map((c) => c.caseId)).not.toContain(held[0]);

    const claimant = await (await as('claimant1')).get('/api/cases?assignee=agent2');
    expect(claimant.status).toBe(403);
  });

  it('refuses a forged cursor or a bad limit with a 400 naming it', async () => {
    const agent = await as('agent1');
    const forged = await agent.get(`/api/cases?cursor=${Buffer.from('{"nope":1}').toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.fields[0].field).toBe('cursor');
    const limit = await agent.get('/api/cases?limit=5000');
    expect(limit.status).toBe(400);
    expect(limit.body.error.fields[0].field).toBe('limit');
  });

  it("refuses a claimant a cursor from another claimant's listing", async () => {
    const claimant1 = await as('claimant1');
    for (let i = 0; i < 3; i++) await claimant1.post('/api/cases', declaration());
    const page = await claimant1.get('/api/cases?limit=1');
    expect(page.body.cursor).toBeDefined();
    const stolen = await (await as('claimant2')).get(`/api/cases?limit=1&cursor=${encodeURIComponent(page.body.cursor)}`);
    expect(stolen.status).toBe(400);
  });
});
