import { spawnSync } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { as } from './support/api.js';
import { actions, declaredCase, openTask, work } from './support/lifecycle.js';

// Someone with direct access to the table edits the history behind the API's back: the chain
// check (endpoint and command) must notice.
const table = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
const key = (caseId: string, seq: number) => ({ pk: `CASE#${caseId}`, sk: `HIST#${String(seq).padStart(10, '0')}` });

async function caseWithHistory() {
  const caseId = await declaredCase();
  await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'accept');
  await openTask(caseId, 'medical-review');
  expect((await actions(caseId)).length).toBeGreaterThanOrEqual(6);
  return caseId;
}

async function verdict(caseId: string) {
  const response = await (await as('supervisor1')).get(`/api/cases/${caseId}/history`);
  return { verified: response.body.verified as boolean, brokenAt: response.body.brokenAt as number | undefined };
}

function command(caseId: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'local/verify-history.ts', caseId], {
    env: {
      ...process.env,
      TABLE_NAME: 'dossier',
      ARCHIVE_BUCKET: 'dossier-archive',
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      S3_ENDPOINT: inject('s3Endpoint'),
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    encoding: 'utf8',
  });
}

describe('tamper-evident history', () => {
  it('the verify command passes an untouched history', async () => {
    const caseId = await caseWithHistory();
    const result = command(caseId);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('history intact');
  });

  it('detects an entry altered in the table', async () => {
    const caseId = await caseWithHistory();
    const { Item } = await table().send(new GetCommand({ TableName: 'dossier', Key: key(caseId, 3) }));
    await table().send(new PutCommand({ TableName: 'dossier', Item: { ...Item, details: { ...Item!.details, queue: 'expert' } } }));
    expect(await verdict(caseId)).toEqual({ verified: false, brokenAt: 3 });
    const result = command(caseId);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('HISTORY BROKEN at entry 3');
  });

  it('detects an entry deleted from the table', async () => {
    const caseId = await caseWithHistory();
    await table().send(new DeleteCommand({ TableName: 'dossier', Key: key(caseId, 2) }));
    expect((await verdict(caseId)).verified).toBe(false);
  });

  it('detects entries swapped in the table', async () => {
    const caseId = await caseWithHistory();
    const [a, b] = await Promise.all([2, 3].map(async (seq) => (await table().send(new GetCommand({ TableName: 'dossier', Key: key(caseId, seq) }))).Item!));
    await table().send(new PutCommand({ TableName: 'dossier', Item: { ...b, ...key(caseId, 2), seq: 2 } }));
    await table().send(new PutCommand({ TableName: 'dossier', Item: { ...a, ...key(caseId, 3), seq: 3 } }));
    expect((await verdict(caseId)).verified).toBe(false);
  });

  it('detects the last entries cut off (the case keeps the head of its chain)', async () => {
    const caseId = await caseWithHistory();
    const entries = await actions(caseId);
    await table().send(new DeleteCommand({ TableName: 'dossier', Key: key(caseId, entries.length) }));
    expect((await verdict(caseId)).verified).toBe(false);
  });
});

describe('reads by staff', () => {
  it('records who viewed a case and when, and shows it to staff but not to the claimant', async () => {
    const caseId = await declaredCase();
    await (await as('expert1')).get(`/api/cases/${caseId}`);
    await (await as('claimant1')).get(`/api/cases/${caseId}`);
    const history = await (await as('supervisor1')).get(`/api/cases/${caseId}/history`);
    expect(history.body.reads.map((r: { actor: { username: string } }) => r.actor.username)).toContain('expert1');
    expect(history.body.reads.map((r: { actor: { username: string } }) => r.actor.username)).not.toContain('claimant1');
    expect((await (await as('claimant1')).get(`/api/cases/${caseId}/history`)).body.reads).toBeUndefined();
  });
});

describe('the daily digest of chain heads', () => {
  it('catches a history rewritten from end to end, chain and head re-hashed to look intact', async () => {
    const { chainEntry, GENESIS_HASH } = await import('#shared/history/chain.js');
    const caseId = await caseWithHistory();
    // The digest is dated by the runtime's clock, which other tests may have moved forward.
    const { request } = await import('./support/api.js');
    const probe = await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } });
    const env = {
      ...process.env,
      CLOCK_OFFSET_MS: String(Date.parse(probe.body.now as string) - Date.now()),
      TABLE_NAME: 'dossier',
      ARCHIVE_BUCKET: 'dossier-archive',
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      S3_ENDPOINT: inject('s3Endpoint'),
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    };
    const digest = spawnSync(process.execPath, ['--import', 'tsx', 'local/digest-chain-heads.ts'], { env, encoding: 'utf8' });
    expect(digest.status, digest.stderr).toBe(0);
    const before = spawnSync(process.execPath, ['--import', 'tsx', 'local/verify-history.ts', caseId], { env, encoding: 'utf8' });
    expect(before.stdout).toContain('matches the digest');

    // A table administrator rewrites entry 3 and re-hashes everything after it, head included.
    // The chain head lives in the case's head item once the case has changed (docs/data-model.md).
    const { Item: headItem } = await table().send(new GetCommand({ TableName: 'dossier', Key: { pk: `CASE#${caseId}`, sk: 'CASE#HEAD' } }));
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= headItem!.historySeq; seq++) {
      const { Item } = await table().send(new GetCommand({ TableName: 'dossier', Key: key(caseId, seq) }));
      const facts = { seq, at: Item!.at, actor: Item!.actor, action: Item!.action, details: seq === 3 ? { ...Item!.details, queue: 'forged' } : Item!.details };
      const entry = chainEntry(prev, facts);
      await table().send(new PutCommand({ TableName: 'dossier', Item: { ...Item, ...entry } }));
      prev = entry.hash;
    }
    await table().send(new PutCommand({ TableName: 'dossier', Item: { ...headItem, historyHead: prev } }));

    expect((await verdict(caseId)).verified).toBe(true);
    const after = spawnSync(process.execPath, ['--import', 'tsx', 'local/verify-history.ts', caseId], { env, encoding: 'utf8' });
    expect(after.status).toBe(1);
    expect(after.stdout).toContain('HISTORY REWRITTEN');
  });
});

describe('the local schedule', () => {
  it('writes the nightly digest when the runtime clock passes into a new day', async () => {
    const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const { request } = await import('./support/api.js');
    await declaredCase();
    const s3 = new S3Client({ endpoint: inject('s3Endpoint'), forcePathStyle: true, region: 'eu-west-3', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const digests = async () => (await s3.send(new ListObjectsV2Command({ Bucket: 'dossier-archive', Prefix: 'digests/' }))).Contents?.map((o) => o.Key!) ?? [];
    // Learn the runtime's time, then move it to 03:00 UTC of the next day (the job runs at 02:30).
    const probe = await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } });
    const current = new Date(probe.body.now);
    const next = new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth(), current.getUTCDate() + 1, 3, 0, 0));
    const day = next.toISOString().slice(0, 10);
    expect(await digests()).not.toContain(`digests/${day}.json`);
    const seconds = Math.ceil((next.getTime() - current.getTime()) / 1000);
    const moved = await request('POST', '/api/_local/clock', { body: { advance: `PT${seconds}S` } });
    expect(moved.status).toBe(200);
    expect(await digests()).toContain(`digests/${day}.json`);
  });
});
