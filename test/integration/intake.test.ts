import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { as, countItems, eventually, request } from './support/api.js';
import { declaration } from './support/fixtures.js';

describe('declaring a case through the gateway', () => {
  it('lets claimant1 declare a case and read it back, taken up by its state machine', async () => {
    const claimant1 = await as('claimant1');
    const created = await claimant1.post('/api/cases', declaration());
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ type: 'occupational-disease', status: 'received' });
    expect(created.headers.get('location')).toBe(`/api/cases/${created.body.caseId}`);

    const view = await eventually(async () => {
      const response = await claimant1.get(`/api/cases/${created.body.caseId}`);
      return response.body.status === 'qualification' ? response : undefined;
    });
    expect(view.status).toBe(200);
    expect(view.body.data.claimant.lastName).toBe('Lefèvre');
    expect(view.body.checklist.map((l: { category: string; state: string }) => [l.category, l.state])).toEqual([
      ['declaration-form', 'missing'],
      ['medical-certificate', 'missing'],
      ['identity-document', 'missing'],
    ]);
    expect(view.body.history.map((e: { action: string }) => e.action)).toEqual(['task.created', 'case.registered', 'case.declared']);
  });

  it("answers 404 to claimant2 for claimant1's case, as for a case that does not exist", async () => {
    const created = await (await as('claimant1')).post('/api/cases', declaration());
    const claimant2 = await as('claimant2');
    const other = await claimant2.get(`/api/cases/${created.body.caseId}`);
    const missing = await claimant2.get('/api/cases/01JZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body).toEqual(missing.body);
  });

  it('lets staff read any case, and an agent declare one on paper', async () => {
    const created = await (await as('agent1')).post('/api/cases', declaration());
    expect(created.status).toBe(202);
    expect(created.body.ownerId).toBeUndefined();
    for (const user of ['agent2', 'expert1', 'supervisor1', 'ops1']) {
      expect((await (await as(user)).get(`/api/cases/${created.body.caseId}`)).status).toBe(200);
    }
  });

  it('refuses to let an expert, a supervisor or ops declare a case (403)', async () => {
    for (const user of ['expert1', 'supervisor1', 'ops1']) {
      expect((await (await as(user)).post('/api/cases', declaration())).status).toBe(403);
    }
  });
});

describe('idempotent declaration', () => {
  it('returns the same case for the same Idempotency-Key, and never creates a second', async () => {
    const claimant1 = await as('claimant1');
    const key = randomUUID();
    const before = await countItems();
    const first = await claimant1.post('/api/cases', declaration(), { 'idempotency-key': key });
    const afterFirst = await countItems();
    const second = await claimant1.post('/api/cases', declaration(), { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.caseId).toBe(first.body.caseId);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(afterFirst).toBeGreaterThan(before);
    // The replay wrote nothing new but the lifecycle's own progress (at most one registration entry).
    await eventually(async () => ((await claimant1.get(`/api/cases/${first.body.caseId}`)).body.status === 'qualification' ? true : undefined));
    const mine = await claimant1.get('/api/cases?limit=100');
    expect(mine.body.items.filter((c: { caseId: string }) => c.caseId === first.body.caseId)).toHaveLength(1);
  });

  it('creates exactly one case when the same key arrives many times at once', async () => {
    const claimant1 = await as('claimant1');
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => claimant1.post('/api/cases', declaration(), { 'idempotency-key': key })),
    );
    const ids = new Set(responses.filter((r) => r.status === 202).map((r) => r.body.caseId));
    expect(responses.every((r) => r.status === 202)).toBe(true);
    expect(ids.size).toBe(1);
  });

  it('refuses the same key for a different declaration (409)', async () => {
    const claimant1 = await as('claimant1');
    const key = randomUUID();
    await claimant1.post('/api/cases', declaration(), { 'idempotency-key': key });
    const reused = await claimant1.post('/api/cases', declaration({ contributionMonths: 3 }), { 'idempotency-key': key });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('conflict');
  });

  it('keeps keys per user: the same key from another claimant is another case', async () => {
    const key = randomUUID();
    const a = await (await as('claimant1')).post('/api/cases', declaration(), { 'idempotency-key': key });
    const b = await (await as('claimant2')).post('/api/cases', declaration(), { 'idempotency-key': key });
    expect(a.body.caseId).not.toBe(b.body.caseId);
  });
});

describe('bad input writes nothing', () => {
  const cases: [string, () => Promise<{ status: number; body: any }>, number, string | undefined][] = [
    ['malformed JSON', async () => (await as('claimant1')).postRaw('/api/cases', '{"type": "occupational-disease", "data": {', { 'content-type': 'application/json' }), 400, 'body'],
    ['a wrong type', async () => (await as('claimant1')).post('/api/cases', declaration({ contributionMonths: 'ten' })), 400, 'data.contributionMonths'],
    ['an unknown field in the data', async () => (await as('claimant1')).post('/api/cases', declaration({ favouriteColour: 'blue' })), 400, 'data'],
    ['an unknown top-level field', async () => (await as('claimant1')).post('/api/cases', { ...declaration(), priority: 'high' }), 400, 'body'],
    ['an unknown case type', async () => (await as('claimant1')).post('/api/cases', { ...declaration(), type: 'alien-abduction' }), 400, 'type'],
    ['a future first observation', async () => (await as('claimant1')).post('/api/cases', declaration({ disease: { description: 'Une description suffisamment longue.', firstMedicalObservation: '2999-01-01' } })), 400, 'data.disease.firstMedicalObservation'],
    ['an invalid e-mail', async () => (await as('claimant1')).post('/api/cases', declaration({ claimant: { firstName: 'A', lastName: 'B', birthDate: '1990-01-01', email: 'not-an-email' } })), 400, 'data.claimant.email'],
    ['a body over 256 KB', async () => (await as('claimant1')).post('/api/cases', declaration({ padding: 'x'.repeat(300 * 1024) })), 413, undefined],
    ['a bad Idempotency-Key', async () => (await as('claimant1')).post('/api/cases', declaration(), { 'idempotency-key': 'spaces are not allowed' }), 400, 'Idempotency-Key'],
  ];

  it.each(cases)('refuses %s with the API error shape naming the field', async (_name, send, status, field) => {
    const before = await countItems();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    if (field) expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await countItems()).toBe(before);
  });

  it('refuses a missing, forged or expired token with 401', async () => {
    const { inject } = await import('vitest');
    const before = await countItems();
    const missing = await request('POST', '/api/cases', { body: declaration() });
    const forged = await request('POST', '/api/cases', { body: declaration(), token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    const expired = await request('POST', '/api/cases', { body: declaration(), token: inject('expiredToken') });
    for (const response of [missing, forged, expired]) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    expect(await countItems()).toBe(before);
  });

  it('refuses a wrong password at login', async () => {
    const response = await request('POST', '/api/auth/login', { body: { username: 'claimant1', password: 'guess' } });
    expect(response.status).toBe(401);
    expect(response.body.token).toBeUndefined();
  });
});
