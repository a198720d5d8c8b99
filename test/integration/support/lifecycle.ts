import { expect } from 'vitest';
import { as, eventually } from './api.js';
import { declaration } from './fixtures.js';

type Client = Awaited<ReturnType<typeof as>>;

/** Declares a case as claimant1 and waits until its lifecycle has put the first task in a queue. */
export async function declaredCase(overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await (await as('claimant1')).post('/api/cases', declaration(overrides));
  expect(created.status).toBe(202);
  return created.body.caseId as string;
}

/** Declares a case and waits for its registration (its decisions, checklist and clock come with it). */
export async function registeredCase(overrides: Record<string, unknown> = {}): Promise<string> {
  const caseId = await declaredCase(overrides);
  const agent = await as('agent1');
  await eventually(async () => ((await agent.get(`/api/cases/${caseId}`)).body.status !== 'received' ? true : undefined));
  return caseId;
}

/** Waits for the open task of a kind on a case, as staff would see it in the in-basket. */
export async function openTask(caseId: string, kind: string, timeoutMs?: number): Promise<{ taskId: string; status: string; assignee?: string; outcomes: string[] }> {
  const supervisor = await as('supervisor1');
  return eventually(async () => {
    const response = await supervisor.get(`/api/tasks?caseId=${caseId}`);
    return response.body.items?.find((t: { kind: string; status: string }) => t.kind === kind && t.status !== 'completed');
  }, timeoutMs);
}

export async function caseStatus(caseId: string, status: string): Promise<any> {
  const agent = await as('agent1');
  return eventually(async () => {
    const response = await agent.get(`/api/cases/${caseId}`);
    return response.body.status === status ? response.body : undefined;
  });
}

/** Claims then completes a task as `user`. */
export async function work(user: string, taskId: string, outcome: string, data?: Record<string, unknown>) {
  const client: Client = await as(user);
  const claim = await client.post(`/api/tasks/${taskId}/claim`);
  expect(claim.status, JSON.stringify(claim.body)).toBe(200);
  const done = await client.post(`/api/tasks/${taskId}/complete`, { outcome, ...(data ? { data } : {}) });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

export async function actions(caseId: string): Promise<string[]> {
  const history = await (await as('supervisor1')).get(`/api/cases/${caseId}/history`);
  expect(history.body.verified).toBe(true);
  return history.body.entries.map((e: { action: string }) => e.action);
}

/** Pages through `user`'s view of their role's queue until the task shows up. */
export async function findInQueue(user: string, taskId: string): Promise<any> {
  const client = await as(user);
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const response = await client.get(`/api/tasks?view=queue&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const found = response.body.items.find((t: { taskId: string }) => t.taskId === taskId);
    if (found) return found;
    cursor = response.body.cursor;
    if (!cursor) return undefined;
  }
  return undefined;
}

/** Every task of an in-basket query, across pages. */
export async function allTasks(user: string, query: string): Promise<any[]> {
  const client = await as(user);
  const items: any[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const response = await client.get(`/api/tasks?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...response.body.items);
    cursor = response.body.cursor;
    if (!cursor) break;
  }
  return items;
}
