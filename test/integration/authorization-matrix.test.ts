import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { routes } from '#functions/registry.js';
import { parseDmn } from '#shared/rules/decision-table.js';
import { as, eventually, request, tokenFor } from './support/api.js';
import { pdfBytes, uploadDocument } from './support/documents.js';
import { declaredCase, openTask } from './support/lifecycle.js';
import { declaration } from './support/fixtures.js';
import { deadlineDetail, putDomainEvent } from './support/events.js';
import { notificationId } from '#shared/notifications/notification-repository.js';

// Every route × every role × (claimant1's case, claimant2's case, an unknown id) → the status
// the permission model promises. Generated from the route registry: a route without a row here
// fails the first test, so no route ships without its expectations.
type User = 'claimant1' | 'agent1' | 'expert1' | 'supervisor1' | 'ops1';
type Relation = 'own' | 'other' | 'unknown';
const USERS: readonly User[] = ['claimant1', 'agent1', 'expert1', 'supervisor1', 'ops1'];
const RELATIONS: readonly Relation[] = ['own', 'other', 'unknown'];

interface Fixture {
  readonly caseId: string;
  readonly taskId?: string;
  readonly documentId?: string;
  readonly notificationId?: string;
}

interface Row {
  /** Builds what the call needs for this user and relation (fresh when the call changes state). */
  readonly fixture?: (user: User, relation: Relation) => Promise<Fixture>;
  readonly path: (f: Fixture | undefined) => string;
  readonly body?: unknown;
  /** Expected status for a user, per relation. */
  readonly expect: (user: User, relation: Relation) => number;
}

const unknownCase = (): Fixture => ({ caseId: ulid(), taskId: `T${ulid().slice(0, 25)}`, documentId: ulid() });

async function caseOf(relation: Relation): Promise<Fixture> {
  if (relation === 'unknown') return unknownCase();
  const owner = relation === 'own' ? 'claimant1' : 'claimant2';
  const created = await (await as(owner)).post('/api/cases', declaration());
  return { caseId: created.body.caseId };
}

async function caseWithTask(relation: Relation, assignTo?: string): Promise<Fixture> {
  if (relation === 'unknown') return unknownCase();
  const owner = relation === 'own' ? undefined : 'claimant2';
  const caseId = owner ? (await (await as(owner)).post('/api/cases', declaration())).body.caseId : await declaredCase();
  const { taskId } = await openTask(caseId, 'qualification');
  if (assignTo) expect((await (await as('supervisor1')).post(`/api/tasks/${taskId}/reassign`, { to: assignTo })).status).toBe(200);
  return { caseId, taskId };
}

async function caseWithDocument(relation: Relation): Promise<Fixture> {
  if (relation === 'unknown') return unknownCase();
  const owner = relation === 'own' ? 'claimant1' : 'claimant2';
  const { caseId } = await caseOf(relation);
  const { documentId } = await uploadDocument(owner, caseId, 'identity-document', pdfBytes());
  return { caseId, documentId };
}

/** Cases: the owner and staff of the given roles reach them; other claimants get 404, like an unknown id. */
const caseScoped = (roles: readonly User[], ok: number, claimantToo: boolean) => (user: User, relation: Relation) => {
  if (user === 'claimant1') {
    if (!claimantToo) return 403;
    return relation === 'own' ? ok : 404;
  }
  if (!roles.includes(user)) return 403;
  return relation === 'unknown' ? 404 : ok;
};
let notifiedCase: Promise<string> | undefined;

/** A notification addressed to the user (own) or to agent2 (other), delivered by the real consumer. */
async function notificationOf(user: User, relation: Relation): Promise<Fixture> {
  if (relation === 'unknown') return { ...unknownCase(), notificationId: randomBytes(16).toString('hex') };
  notifiedCase ??= caseOf('own').then((f) => f.caseId);
  const caseId = await notifiedCase;
  const recipient = relation === 'own' ? user : 'agent2';
  const detail = deadlineDetail(caseId, { assignee: recipient });
  await putDomainEvent('DeadlineApproaching', detail);
  const id = notificationId('DeadlineApproaching', detail.dedupKey as string, `user#${recipient}`, 'portal');
  const inbox = await as(recipient);
  await eventually(async () => ((await inbox.get('/api/notifications?limit=100')).body.items.some((n: { notificationId: string }) => n.notificationId === id) ? true : undefined));
  return { caseId, notificationId: id };
}

const byRole = (roles: readonly User[], ok: number) => (user: User) => (roles.includes(user) ? ok : 403);
const taskScoped = (roles: readonly User[], ok: number) => (user: User, relation: Relation) =>
  !roles.includes(user) ? 403 : relation === 'unknown' ? 404 : ok;

const reimbursementRate = await parseDmn(readFileSync('rules/reimbursement-rate.dmn', 'utf8'));

const STAFF: readonly User[] = ['agent1', 'expert1', 'supervisor1', 'ops1'];
const reason = { reason: 'Vérification des droits' };

const matrix: Record<string, Row> = {
  'GET /api/health': { path: () => '/api/health', expect: () => 200 },
  'GET /api/openapi.json': { path: () => '/api/openapi.json', expect: () => 200 },
  'GET /api/case-types': { path: () => '/api/case-types', expect: () => 200 },
  'POST /api/cases': { path: () => '/api/cases', body: declaration(), expect: byRole(['claimant1', 'agent1'], 202) },
  'GET /api/cases': { path: () => '/api/cases?limit=5', expect: () => 200 },
  'GET /api/cases/{caseId}': { fixture: (_u, r) => caseOf(r), path: (f) => `/api/cases/${f!.caseId}`, expect: caseScoped(STAFF, 200, true) },
  'PATCH /api/cases/{caseId}': {
    fixture: (_u, r) => caseOf(r),
    path: (f) => `/api/cases/${f!.caseId}`,
    body: { data: { contributionMonths: 150 } },
    expect: caseScoped(['agent1', 'supervisor1'], 200, false),
  },
  'GET /api/cases/{caseId}/history': { fixture: (_u, r) => caseOf(r), path: (f) => `/api/cases/${f!.caseId}/history`, expect: caseScoped(STAFF, 200, true) },
  'POST /api/cases/{caseId}/comments': {
    fixture: (_u, r) => caseOf(r),
    path: (f) => `/api/cases/${f!.caseId}/comments`,
    body: { text: 'Un commentaire' },
    expect: caseScoped(['agent1', 'expert1', 'supervisor1'], 201, true),
  },
  'POST /api/cases/{caseId}/tasks': {
    fixture: (_u, r) => caseOf(r),
    path: (f) => `/api/cases/${f!.caseId}/tasks`,
    body: { title: "Appeler l'employeur" },
    expect: caseScoped(['agent1', 'supervisor1'], 201, false),
  },
  'POST /api/cases/{caseId}/withdraw': { fixture: (_u, r) => caseOf(r), path: (f) => `/api/cases/${f!.caseId}/withdraw`, body: reason, expect: caseScoped([], 202, true) },
  'POST /api/cases/{caseId}/cancel': { fixture: (_u, r) => caseOf(r), path: (f) => `/api/cases/${f!.caseId}/cancel`, body: reason, expect: caseScoped(['supervisor1'], 202, false) },
  // Allowed, but an open case cannot be re-opened: 409 proves the check was passed.
  'POST /api/cases/{caseId}/reopen': { fixture: (_u, r) => caseOf(r), path: (f) => `/api/cases/${f!.caseId}/reopen`, body: reason, expect: caseScoped(['supervisor1'], 409, false) },
  'POST /api/cases/{caseId}/documents': {
    fixture: (_u, r) => caseOf(r),
    path: (f) => `/api/cases/${f!.caseId}/documents`,
    body: { fileName: 'id.pdf', contentType: 'application/pdf', size: 1000, category: 'identity-document' },
    expect: caseScoped(['agent1', 'expert1'], 201, true),
  },
  'GET /api/cases/{caseId}/documents/{documentId}': {
    fixture: (_u, r) => caseWithDocument(r),
    path: (f) => `/api/cases/${f!.caseId}/documents/${f!.documentId}`,
    expect: caseScoped(['agent1', 'expert1', 'supervisor1'], 200, true),
  },
  'POST /api/cases/{caseId}/documents/{documentId}/review': {
    fixture: (_u, r) => caseWithDocument(r),
    path: (f) => `/api/cases/${f!.caseId}/documents/${f!.documentId}/review`,
    body: { decision: 'accepted' },
    expect: caseScoped(['agent1', 'supervisor1'], 200, false),
  },
  'GET /api/tasks': { path: () => '/api/tasks', expect: byRole(['agent1', 'expert1', 'supervisor1'], 200) },
  'POST /api/tasks/reassign': {
    fixture: (_u, r) => caseWithTask(r === 'unknown' ? 'own' : r),
    path: () => '/api/tasks/reassign',
    body: undefined,
    expect: byRole(['supervisor1'], 200),
  },
  'POST /api/tasks/{taskId}/claim': {
    fixture: (_u, r) => caseWithTask(r),
    path: (f) => `/api/tasks/${f!.taskId}/claim`,
    // The expert holds no agent-queue role: refused by relation, once the task is known.
    expect: (user, relation) => (user === 'expert1' && relation !== 'unknown' ? 403 : taskScoped(['agent1', 'expert1', 'supervisor1'], 200)(user, relation)),
  },
  'POST /api/tasks/{taskId}/release': {
    fixture: (u, r) => caseWithTask(r, u === 'agent1' ? 'agent1' : 'agent2'),
    path: (f) => `/api/tasks/${f!.taskId}/release`,
    expect: (user, relation) => (user === 'expert1' && relation !== 'unknown' ? 403 : taskScoped(['agent1', 'expert1', 'supervisor1'], 200)(user, relation)),
  },
  'POST /api/tasks/{taskId}/complete': {
    fixture: (u, r) => caseWithTask(r, u === 'agent1' ? 'agent1' : 'agent2'),
    path: (f) => `/api/tasks/${f!.taskId}/complete`,
    body: { outcome: 'accept' },
    // Only the assignee completes: here agent1 is the assignee of its own fixture.
    expect: (user, relation) =>
      !['agent1', 'expert1', 'supervisor1'].includes(user) ? 403 : relation === 'unknown' ? 404 : user === 'agent1' ? 200 : 403,
  },
  'POST /api/tasks/{taskId}/reassign': {
    fixture: (_u, r) => caseWithTask(r),
    path: (f) => `/api/tasks/${f!.taskId}/reassign`,
    body: { to: 'agent2' },
    expect: taskScoped(['supervisor1'], 200),
  },
  'PUT /api/cases/{caseId}/rules/{ruleId}': {
    fixture: (_u, r) => caseOf(r),
    path: (f) => `/api/cases/${f!.caseId}/rules/required-documents`,
    body: { version: 1, reason: 'Retour à la version initiale' },
    expect: caseScoped(['supervisor1'], 200, false),
  },
  'GET /api/rules': { path: () => '/api/rules', expect: byRole(['supervisor1', 'ops1'], 200) },
  'GET /api/rules/{ruleId}': { path: () => '/api/rules/reimbursement-rate', expect: byRole(['supervisor1', 'ops1'], 200) },
  'PUT /api/rules/{ruleId}': { path: () => '/api/rules/reimbursement-rate', body: { table: reimbursementRate }, expect: byRole(['supervisor1', 'ops1'], 200) },
  // Allowed, but no draft has this revision: 409 proves the role check was passed.
  'POST /api/rules/{ruleId}/publish': { path: () => '/api/rules/reimbursement-rate/publish', body: { revision: 999_999 }, expect: byRole(['supervisor1', 'ops1'], 409) },
  // Everyone has their own list; nobody reaches another person's notification (404, as unknown).
  'GET /api/notifications': { path: () => '/api/notifications', expect: () => 200 },
  'POST /api/notifications/{notificationId}/read': {
    fixture: (u, r) => notificationOf(u, r),
    path: (f) => `/api/notifications/${f!.notificationId}/read`,
    expect: (_u, relation) => (relation === 'own' ? 200 : 404),
  },
  'POST /api/rules/{ruleId}/simulate': { path: () => '/api/rules/reimbursement-rate/simulate', body: { table: reimbursementRate }, expect: byRole(['supervisor1', 'ops1'], 200) },
  'GET /api/budgets': { path: () => '/api/budgets', expect: byRole(['supervisor1', 'ops1'], 200) },
  // Figures, never a case: supervisors and ops; the scrape endpoint for ops only.
  'GET /api/dashboard': { path: () => '/api/dashboard', expect: byRole(['supervisor1', 'ops1'], 200) },
  'GET /api/metrics': { path: () => '/api/metrics', expect: byRole(['ops1'], 200) },
  // The staff directory: supervisors keep it, ops read it; the workload board is the supervisors'.
  'GET /api/staff': { path: () => '/api/staff', expect: byRole(['supervisor1', 'ops1'], 200) },
  'GET /api/staff/{userId}': { path: () => '/api/staff/expert1', expect: byRole(['supervisor1', 'ops1'], 200) },
  'PUT /api/staff/{userId}': {
    path: () => '/api/staff/expert1',
    // expert1's demo profile as seeded (version 1): only the supervisor's call may change it.
    body: { skills: { caseTypes: [], languages: ['fr', 'en'], regions: [] }, authorityLimit: null, capacity: 60, absences: [], expectedVersion: 1 },
    expect: byRole(['supervisor1'], 200),
  },
  'GET /api/workload': { path: () => '/api/workload', expect: byRole(['supervisor1'], 200) },
  // The registry: staff who handle claims find and open members; a claimant opens their own record
  // only (claimant1 is member M0012345), anyone else's is not found; ops load files, read no one.
  'GET /api/members': { path: () => '/api/members?q=martin', expect: byRole(['agent1', 'expert1', 'supervisor1'], 200) },
  'GET /api/members/{memberId}': {
    fixture: async (_user, relation) => ({ caseId: relation === 'own' ? 'M0012345' : relation === 'other' ? 'M0099999' : 'M0000404' }),
    path: (f) => `/api/members/${f!.caseId}`,
    expect: (user, relation) => (user === 'ops1' ? 403 : relation === 'unknown' ? 404 : user === 'claimant1' ? (relation === 'own' ? 200 : 404) : 200),
  },
  'POST /api/members/import': {
    path: () => '/api/members/import',
    body: { csv: 'memberNumber,firstName,lastName,birthDate,coverageId,product,coverageStart\nMATRIX01,Ada,Matrice,1970-01-01,C-MATRIX01,health-essential,2020-01-01' },
    expect: byRole(['agent1', 'supervisor1', 'ops1'], 200),
  },
};

const routeKeys = routes.map((r) => `${r.method} ${r.path}`);

describe('the authorisation matrix', () => {
  it('has a row for every route of the registry, and none for a route that does not exist', () => {
    expect(Object.keys(matrix).sort()).toEqual([...routeKeys].sort());
  });

  for (const key of routeKeys) {
    it(`${key}: every role gets the promised answer`, { timeout: 120_000 }, async () => {
      const row = matrix[key]!;
      const [method] = key.split(' ');
      const seen: string[] = [];
      const wanted: string[] = [];
      for (const user of USERS) {
        for (const relation of row.fixture ? RELATIONS : (['own'] as const)) {
          const fixture = row.fixture ? await row.fixture(user, relation) : undefined;
          const body = key === 'POST /api/tasks/reassign' ? { taskIds: [fixture!.taskId], to: 'agent2' } : row.body;
          const token = await tokenFor(user);
          const response = await request(method!, row.path(fixture), { token, ...(body !== undefined ? { body } : {}) });
          seen.push(`${user}/${relation}: ${response.status}`);
          wanted.push(`${user}/${relation}: ${row.expect(user, relation)}`);
          // Nothing a refused call answers may leak internals.
          if (response.status >= 400) expect(JSON.stringify(response.body)).not.toMatch(/stack|TableName|arn:aws|at \//);
        }
      }
      expect(seen).toEqual(wanted);
    });
  }

  it('refuses every authenticated route without a token (401)', async () => {
    for (const route of routes.filter((r) => r.auth === 'jwt')) {
      const path = route.path.replace('{caseId}', ulid()).replace('{documentId}', ulid()).replace('{taskId}', `T${ulid().slice(0, 25)}`).replace('{ruleId}', 'routing').replace('{notificationId}', '0'.repeat(32)).replace('{userId}', 'agent1');
      const options = route.method === 'GET' ? {} : { body: {} };
      expect((await request(route.method, path, options)).status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});
