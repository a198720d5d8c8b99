import { spawnSync } from 'node:child_process';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { as, request } from './support/api.js';
import { declaration } from './support/fixtures.js';
import { caseKey, item, table } from './support/table.js';
import { declaredCase, openTask, work } from './support/lifecycle.js';

// A table written before the head item (docs/data-model.md): the case item held the chain head
// itself (`historySeq`, `historyHead`) and no `CASE#HEAD` item existed. Today's code must read such
// a case, change it, and `npm run migrate-case-heads` must move it over, the chain intact.
const headKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE#HEAD' });

/** A case with a few entries, then put back into the layout the code before the head item wrote. */
async function caseInTheOldLayout(): Promise<string> {
  const caseId = await declaredCase();
  await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept');
  await openTask(caseId, 'medical-review');
  const head = await item(headKey(caseId));
  const { itemSeq: _, ...caseItem } = (await item(caseKey(caseId)))!;
  await table().send(new PutCommand({ TableName: 'dossier', Item: { ...caseItem, historySeq: head!.historySeq, historyHead: head!.historyHead } }));
  await table().send(new DeleteCommand({ TableName: 'dossier', Key: headKey(caseId) }));
  return caseId;
}

async function history(caseId: string) {
  const response = await (await as('supervisor1')).get(`/api/cases/${caseId}/history`);
  expect(response.status).toBe(200);
  return response.body as { verified: boolean; entries: { seq: number; action: string }[] };
}

function migrate() {
  return spawnSync(process.execPath, ['--import', 'tsx', 'local/migrate-case-heads.ts'], {
    env: {
      ...process.env,
      TABLE_NAME: 'dossier',
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    encoding: 'utf8',
  });
}

describe('cases stored before the head item', () => {
  it('are read and changed as they are: the first change moves the head out of the case item', async () => {
    const caseId = await caseInTheOldLayout();
    const before = await history(caseId);
    expect(before.verified).toBe(true);
    const view = await (await as('agent1')).get(`/api/cases/${caseId}`);
    expect(view.body.status).toBe('medical-review');

    expect((await (await as('agent1')).post(`/api/cases/${caseId}/comments`, { text: 'Relu après la mise à jour' })).status).toBe(201);
    const after = await history(caseId);
    expect(after.verified).toBe(true);
    expect(after.entries).toHaveLength(before.entries.length + 1);
    expect((await item(headKey(caseId)))?.historySeq).toBe(before.entries.length + 1);
    expect((await item(caseKey(caseId)))?.historySeq).toBeUndefined();
  });

  it('are all moved over by npm run migrate-case-heads, declarations not yet registered included, and a second run finds none', async () => {
    const older = await caseInTheOldLayout();
    const entriesBefore = (await history(older)).entries.length;
    // A declaration waiting for its registration carries its first entry in the case item.
    const claimant = await as('claimant1');
    await request('POST', '/api/_local/case-starts', { body: { paused: true } });
    let waiting: string;
    try {
      const declared = await claimant.post('/api/cases', declaration());
      waiting = declared.body.caseId as string;
      const run = migrate();
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^[1-9]\d* cases in the old layout: [1-9]\d* migrated/);
      expect((await item(headKey(waiting)))?.historySeq).toBe(1);
      expect((await item(caseKey(waiting)))?.pendingHistory).toBeUndefined();
      expect((await history(waiting)).entries.map((e) => e.action)).toEqual(['case.declared']);
    } finally {
      await request('POST', '/api/_local/case-starts', { body: { paused: false } });
    }

    const migrated = await history(older);
    expect(migrated.verified).toBe(true);
    expect(migrated.entries).toHaveLength(entriesBefore);
    expect(await item(headKey(older))).toMatchObject({ historySeq: entriesBefore });
    expect((await item(caseKey(older)))?.historyHead).toBeUndefined();

    const again = migrate();
    expect(again.stdout).toContain('0 cases in the old layout');
    // Once moved over, the cases live on: the waiting one is registered as usual.
    const agent = await as('agent1');
    await openTask(waiting, 'qualification');
    expect((await agent.get(`/api/cases/${waiting}`)).body.status).toBe('qualification');
    expect((await history(waiting)).verified).toBe(true);
  });
});
