import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { as } from './support/api.js';
import { declaration } from './support/fixtures.js';
import { caseKey, item, table } from './support/table.js';
import { openTask, registeredCase, work } from './support/lifecycle.js';

// The case's details (claim data, who declared it, pinned rule versions, required documents,
// routing) live in their own item once the case is registered, so that the case item, copied into
// three listing indexes at each change of status, stays under 1 KB (docs/data-model.md).
const detailsKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE#DETAILS' });
const DETAILS = ['data', 'createdBy', 'ruleVersions', 'requiredDocuments', 'routing'];

describe('the case details', () => {
  it('leave the case item at registration, and the case reads as before', async () => {
    const declared = declaration();
    const caseId = await registeredCase();
    const [caseItem, details] = [await item(caseKey(caseId)), await item(detailsKey(caseId))];
    for (const name of DETAILS) expect(caseItem, name).not.toHaveProperty(name);
    expect(details).toMatchObject({ data: declared.data, createdBy: { username: 'claimant1' }, requiredDocuments: expect.any(Array), ruleVersions: expect.any(Object) });
    // Under 1 KB, what a status change copies into each listing index.
    expect(Buffer.byteLength(JSON.stringify(caseItem))).toBeLessThan(1024);

    const view = (await (await as('agent1')).get(`/api/cases/${caseId}`)).body;
    expect(view.data).toEqual(declared.data);
    expect(view.checklist.length).toBeGreaterThan(0);
    expect((await (await as('claimant1')).get(`/api/cases/${caseId}`)).status).toBe(200);
    expect((await (await as('claimant2')).get(`/api/cases/${caseId}`)).status).toBe(404);
  });

  it('kept in the case item by the code before the details item are read there, and moved out at the next change of the case', async () => {
    const declared = declaration();
    const caseId = await registeredCase();
    // Put back into the earlier layout: the details in the case item, no details item.
    const details = (await item(detailsKey(caseId)))!;
    const earlier = { ...(await item(caseKey(caseId)))!, ...Object.fromEntries(DETAILS.filter((n) => n in details).map((n) => [n, details[n]])) };
    await table().send(new PutCommand({ TableName: 'dossier', Item: earlier }));
    await table().send(new DeleteCommand({ TableName: 'dossier', Key: detailsKey(caseId) }));

    const agent = await as('agent1');
    expect((await agent.get(`/api/cases/${caseId}`)).body.data).toEqual(declared.data);
    // A comment changes the chain head only: the layout stays.
    expect((await agent.post(`/api/cases/${caseId}/comments`, { text: 'Avant la qualification' })).status).toBe(201);
    expect(await item(detailsKey(caseId))).toBeUndefined();

    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept');
    await openTask(caseId, 'medical-review');
    const [caseItem, moved] = [await item(caseKey(caseId)), await item(detailsKey(caseId))];
    for (const name of DETAILS) expect(caseItem, name).not.toHaveProperty(name);
    expect(moved).toMatchObject({ data: declared.data, createdBy: { username: 'claimant1' } });
    const view = (await agent.get(`/api/cases/${caseId}`)).body;
    expect(view).toMatchObject({ status: 'medical-review', data: declared.data });
    const history = (await (await as('supervisor1')).get(`/api/cases/${caseId}/history`)).body;
    expect(history.verified).toBe(true);
  });
});
