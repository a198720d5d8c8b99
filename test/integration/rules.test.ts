import { businessCalendar, businessMsBetween } from '#shared/sla/business-calendar.js';
import { describe, expect, it } from 'vitest';
import { as, countItems } from './support/api.js';
import { declaration } from './support/fixtures.js';
import { actions, declaredCase, openTask, registeredCase, work } from './support/lifecycle.js';

const categoriesOf = (view: { checklist: { category: string; folder: string }[] }) => view.checklist.map((line) => `${line.category} in ${line.folder}`);
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

describe('decisions taken by cases', () => {
  it('builds the checklist from required-documents, in the sub-folders it names, and pins the versions', async () => {
    const caseId = await registeredCase({ contributionMonths: 2, requestType: 'aggravation' });
    const view = (await (await as('agent1')).get(`/api/cases/${caseId}`)).body;
    expect(categoriesOf(view)).toEqual([
      'declaration-form in declaration',
      'medical-certificate in declaration',
      'identity-document in declaration',
      'affiliation-certificate in supporting/contributions',
      'payslips in supporting/contributions',
      'previous-decision in supporting/history',
      'aggravation-certificate in supporting/medical',
    ]);
    expect(view.checklist.find((l: { category: string }) => l.category === 'payslips').label.fr).toBe('Bulletins de salaire des trois derniers mois');
    expect(Object.keys(view.ruleVersions).sort()).toEqual(['assignment-policy', 'authority-limit', 'expert-response-deadline', 'fraud-indicator', 'missing-documents', 'reimbursement-rate', 'required-documents', 'routing', 'straight-through']);
    // The history says which tables decided (at registration, as of the declaration), with which
    // version and which rules matched.
    const registered = view.history.find((e: { action: string }) => e.action === 'case.registered');
    expect(registered.details.decisions).toContainEqual({
      decisionId: 'required-documents',
      version: view.ruleVersions['required-documents'],
      matchedRules: ['short-contribution', 'very-short-contribution', 'follow-up-request', 'aggravation'],
    });
  });

  it('gives the expert the response deadline of the severity the agent qualified, in business days', async () => {
    for (const [severity, deadline] of [['high', 10], ['low', 20]] as const) {
      const caseId = await declaredCase();
      await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept', { severity });
      const review = await openTask(caseId, 'medical-review');
      const task = (await (await as('supervisor1')).get(`/api/tasks?caseId=${caseId}`)).body.items.find((t: { taskId: string }) => t.taskId === review.taskId);
      expect(task.slaClock).toMatchObject({ target: `P${deadline}D`, calendar: 'FR' });
      const businessDays = businessMsBetween(businessCalendar('FR'), new Date(task.createdAt), new Date(task.dueAt)) / 86_400_000;
      expect(businessDays, severity).toBeCloseTo(deadline, 5);
      // Weekends do not count: the calendar span is longer than the business target.
      expect(days(task.createdAt, task.dueAt)).toBeGreaterThan(deadline);
    }
  });

  it('routes a case from an overseas region with high priority', async () => {
    const caseId = await declaredCase({ employer: { name: 'Sucrerie du Gol', region: '974' } });
    const task = await openTask(caseId, 'qualification');
    const row = (await (await as('supervisor1')).get(`/api/tasks?caseId=${caseId}`)).body.items.find((t: { taskId: string }) => t.taskId === task.taskId);
    expect(row).toMatchObject({ queue: 'agent', priority: 'high' });
  });
});

describe('changing a rule: draft, simulation, publication', () => {
  it('changes the checklist of new cases only; open cases keep their pinned version until a supervisor re-pins it', async () => {
    const supervisor = await as('supervisor1');
    const ops = await as('ops1');
    const agent = await as('agent1');

    // A case declared under the current version, with 30 months of contributions: nothing extra.
    const before = await registeredCase({ contributionMonths: 30 });
    expect(categoriesOf((await agent.get(`/api/cases/${before}`)).body)).not.toContain('affiliation-certificate in supporting/contributions');

    const current = (await supervisor.get('/api/rules/required-documents')).body;
    const inForce = current.versionInForce;
    expect(current.shown.version).toBe(inForce);
    expect(current.shown.dmn).toContain('https://www.omg.org/spec/DMN/20191111/MODEL/');

    // The business extends "short contribution" from under 12 months to under 36.
    const draftTable = {
      ...current.shown.table,
      rules: current.shown.table.rules.map((r: { id: string; inputEntries: string[] }) =>
        r.id === 'short-contribution' ? { ...r, inputEntries: [r.inputEntries[0], r.inputEntries[1], '< 36'] } : r,
      ),
    };
    const saved = await ops.put('/api/rules/required-documents', { table: draftTable, revision: current.draft?.revision ?? 0 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    // Simulation over past cases: the case above would now need the affiliation certificate.
    const simulation = await ops.post('/api/rules/required-documents/simulate', { limit: 200 });
    expect(simulation.status, JSON.stringify(simulation.body)).toBe(200);
    expect(simulation.body.evaluated).toBeGreaterThan(0);
    const mine = [...simulation.body.changed];
    for (let cursor = simulation.body.nextCursor; cursor; ) {
      const page = await ops.post('/api/rules/required-documents/simulate', { limit: 200, cursor });
      mine.push(...page.body.changed);
      cursor = page.body.nextCursor;
    }
    expect(mine.find((c: { caseId: string }) => c.caseId === before)).toMatchObject({
      before: [],
      after: [{ category: 'affiliation-certificate', folder: 'supporting/contributions' }],
    });
    expect(simulation.body.impact.itemsAdded['affiliation-certificate in supporting/contributions']).toBe(simulation.body.changedCount);

    // Publication: the next version, recorded with who published it.
    const published = await ops.post('/api/rules/required-documents/publish', { revision: saved.body.revision, note: 'Affiliation certificate under 36 months' });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body).toMatchObject({ version: current.latestVersion + 1, publishedBy: 'ops1' });
    // A published draft is gone, and publishing it again is refused.
    expect((await ops.post('/api/rules/required-documents/publish', { revision: saved.body.revision })).status).toBe(404);

    // A new case gets the new version; the open one keeps its own, even when its data changes.
    const after = await registeredCase({ contributionMonths: 30 });
    const afterView = (await agent.get(`/api/cases/${after}`)).body;
    expect(afterView.ruleVersions['required-documents']).toBe(published.body.version);
    expect(categoriesOf(afterView)).toContain('affiliation-certificate in supporting/contributions');
    const patched = await agent.patch(`/api/cases/${before}`, { data: { contributionMonths: 31 } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const beforeView = (await agent.get(`/api/cases/${before}`)).body;
    expect(beforeView.ruleVersions['required-documents']).toBe(inForce);
    expect(categoriesOf(beforeView)).not.toContain('affiliation-certificate in supporting/contributions');

    // A supervisor moves the open case to the new version: its checklist follows, the history says so.
    const repinned = await supervisor.put(`/api/cases/${before}/rules/required-documents`, { version: published.body.version, reason: 'Harmonisation avec la nouvelle règle' });
    expect(repinned.status, JSON.stringify(repinned.body)).toBe(200);
    expect(categoriesOf((await agent.get(`/api/cases/${before}`)).body)).toContain('affiliation-certificate in supporting/contributions');
    expect(await actions(before)).toContain('rules.repinned');
    // Agents may not re-pin.
    expect((await agent.put(`/api/cases/${before}/rules/required-documents`, { version: inForce, reason: 'Pas le droit' })).status).toBe(403);

    // Put the original rule back as a further version, so later tests see the usual checklist.
    const restore = await ops.put('/api/rules/required-documents', { table: current.shown.table, revision: 0 });
    expect(restore.status).toBe(200);
    expect((await ops.post('/api/rules/required-documents/publish', { revision: restore.body.revision })).status).toBe(201);
    const versions = (await ops.get('/api/rules')).body.items.find((r: { ruleId: string }) => r.ruleId === 'required-documents').versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    // Old versions stay readable, unchanged.
    const old = await ops.get(`/api/rules/required-documents?version=${inForce}`);
    expect(old.body.shown.table).toEqual(current.shown.table);
  });

  it('refuses a malformed or ambiguous table, naming the rule, and the published version stays in force', async () => {
    const ops = await as('ops1');
    const current = (await ops.get('/api/rules/expert-response-deadline')).body;
    const itemsBefore = await countItems();

    // Two rules for severe occupational diseases: ambiguous under UNIQUE.
    const ambiguous = {
      ...current.shown.table,
      rules: [...current.shown.table.rules, { id: 'od-severe-again', inputEntries: ['"occupational-disease"', '"high","moderate"'], outputEntries: ['duration("P7D")'] }],
    };
    const refused = await ops.put('/api/rules/expert-response-deadline', { table: ambiguous });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_decision_table');
    expect(refused.body.error.message).toMatch(/rule od-severe-again/);
    expect(refused.body.error.fields[0].message).toMatch(/overlaps rule od-high/);

    // A FEEL syntax error and an unknown input: each named by rule and column.
    const malformed = {
      ...current.shown.table,
      inputs: [current.shown.table.inputs[0], { ...current.shown.table.inputs[1], expression: 'gravity' }],
      rules: current.shown.table.rules.map((r: { id: string }) => (r.id === 'od-low' ? { ...r, outputEntries: ['duration("P20D"'] } : r)),
    };
    const syntax = await ops.put('/api/rules/expert-response-deadline', { table: malformed });
    expect(syntax.status).toBe(422);
    expect(syntax.body.error.fields).toEqual(
      expect.arrayContaining([
        { field: 'table / column Severity', message: expect.stringMatching(/unknown input name "gravity"/) },
        { field: 'table / rule od-low / column Response deadline (business days)', message: expect.stringMatching(/not a valid FEEL expression/) },
      ]),
    );
    // Not DMN at all.
    const xml = await ops.put('/api/rules/expert-response-deadline', { dmn: '<definitions><decision' });
    expect(xml.status).toBe(422);
    // The id in the table must be the rule's.
    expect((await ops.put('/api/rules/expert-response-deadline', { table: { ...current.shown.table, decisionId: 'routing' } })).status).toBe(400);

    // Nothing was saved, and the published version still decides.
    expect(await countItems()).toBe(itemsBefore);
    const after = (await ops.get('/api/rules/expert-response-deadline')).body;
    expect(after.draft).toBeNull();
    expect(after.versionInForce).toBe(current.versionInForce);
    expect(after.shown.table).toEqual(current.shown.table);
  });

  it('refuses publishing a draft that changed since it was reviewed', async () => {
    const ops = await as('ops1');
    const supervisor = await as('supervisor1');
    const current = (await ops.get('/api/rules/reimbursement-rate')).body;
    const first = await ops.put('/api/rules/reimbursement-rate', { table: current.shown.table, revision: current.draft?.revision ?? 0 });
    expect(first.status).toBe(200);
    // Someone else saves over it; a save from the stale revision is refused rather than lost.
    const second = await supervisor.put('/api/rules/reimbursement-rate', { table: current.shown.table, revision: first.body.revision });
    expect(second.status).toBe(200);
    expect((await ops.put('/api/rules/reimbursement-rate', { table: current.shown.table, revision: first.body.revision })).status).toBe(409);
    expect((await ops.post('/api/rules/reimbursement-rate/publish', { revision: first.body.revision })).status).toBe(409);
    expect((await ops.get('/api/rules/reimbursement-rate')).body.latestVersion).toBe(current.latestVersion);
  });

  it('answers 404 for a rule that does not exist', async () => {
    const ops = await as('ops1');
    expect((await ops.get('/api/rules/no-such-rule')).status).toBe(404);
    expect((await ops.post('/api/rules/no-such-rule/simulate', {})).status).toBe(404);
    expect((await (await as('claimant1')).post('/api/cases', declaration())).status).toBe(202);
  });
});

describe('rule request bodies', () => {
  it('name the table field when neither or both forms of a table are given', async () => {
    const ops = await as('ops1');
    const routing = (await ops.get('/api/rules/routing')).body.shown;
    for (const body of [{}, { dmn: routing.dmn, table: routing.table }]) {
      const response = await ops.put('/api/rules/routing', body);
      expect(response.status).toBe(400);
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain('table');
    }
  });
});
