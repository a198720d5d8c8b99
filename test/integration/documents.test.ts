import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { as, countItems, eventually } from './support/api.js';
import { PNG_BYTES, pdfBytes, postToS3, tarContents, tarOf, uploadDocument } from './support/documents.js';
import { caseStatus, declaredCase, openTask, work } from './support/lifecycle.js';

describe('documents', () => {
  it('takes a real PDF uploaded as a browser would, lists it, lets an agent accept it, and serves it back byte for byte, recorded', async () => {
    const caseId = await declaredCase();
    const bytes = pdfBytes('certificat médical initial');
    const uploaded = await uploadDocument('claimant1', caseId, 'medical-certificate', bytes);
    expect(uploaded).toMatchObject({ status: 'received', category: 'medical-certificate', folder: 'declaration', size: bytes.length, version: 1 });
    expect(uploaded).not.toHaveProperty('key');

    const agent = await as('agent1');
    const view = await agent.get(`/api/cases/${caseId}`);
    expect(view.body.checklist.find((l: { category: string }) => l.category === 'medical-certificate')).toMatchObject({ state: 'received', documentIds: [uploaded.documentId] });

    const reviewed = await agent.post(`/api/cases/${caseId}/documents/${uploaded.documentId}/review`, { decision: 'accepted' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('accepted');

    const document = await agent.get(`/api/cases/${caseId}/documents/${uploaded.documentId}`);
    expect(document.status).toBe(200);
    expect(document.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const download = await fetch(document.body.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    const history = await agent.get(`/api/cases/${caseId}/history`);
    const reads = history.body.entries.filter((e: { action: string }) => e.action === 'document.downloaded');
    expect(reads).toEqual([expect.objectContaining({ actor: expect.objectContaining({ username: 'agent1' }), details: { documentId: uploaded.documentId } })]);
    expect(history.body.verified).toBe(true);
  });

  it('keeps earlier versions when the same document is sent again', async () => {
    const caseId = await declaredCase();
    const first = await uploadDocument('claimant1', caseId, 'identity-document', pdfBytes('v1'));
    const second = await uploadDocument('claimant1', caseId, 'identity-document', pdfBytes('v2'));
    expect(second.version).toBe(2);
    const view = await (await as('claimant1')).get(`/api/cases/${caseId}/documents/${second.documentId}`);
    expect(view.body.versions.map((v: { documentId: string }) => v.documentId)).toEqual([first.documentId, second.documentId]);
  });

  it('quarantines a file whose content is not the type it claims, and never serves it', async () => {
    const caseId = await declaredCase();
    const spoofed = await uploadDocument('claimant1', caseId, 'declaration-form', PNG_BYTES, 'application/pdf', 'form.pdf');
    expect(spoofed.status).toBe('quarantined');
    const claimant = await as('claimant1');
    const view = await claimant.get(`/api/cases/${caseId}`);
    expect(view.body.checklist.find((l: { category: string }) => l.category === 'declaration-form').state).toBe('rejected');
    const document = await claimant.get(`/api/cases/${caseId}/documents/${spoofed.documentId}`);
    expect(document.body.downloadUrl).toBeUndefined();
    expect(document.body.reason).toContain('image/png');
    const review = await (await as('agent1')).post(`/api/cases/${caseId}/documents/${spoofed.documentId}/review`, { decision: 'accepted' });
    expect(review.status).toBe(409);
  });

  it('quarantines a file larger than its category allows, even if announced small', async () => {
    const caseId = await declaredCase();
    const claimant = await as('claimant1');
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
    const ticket = await claimant.post(`/api/cases/${caseId}/documents`, { fileName: 'id.pdf', contentType: 'application/pdf', size: 1000, category: 'identity-document' });
    await postToS3(ticket.body.upload, big, 'application/pdf', 'id.pdf');
    const document = await eventually(async () => {
      const response = await claimant.get(`/api/cases/${caseId}/documents/${ticket.body.documentId}`);
      return response.status === 200 ? response.body : undefined;
    });
    expect(document.status).toBe('quarantined');
    expect(document.reason).toContain('larger than 10 MB');
  });

  it('refuses an upload request that announces too large a file or a forbidden type, writing nothing', async () => {
    const caseId = await declaredCase();
    await openTask(caseId, 'qualification');
    const claimant = await as('claimant1');
    const before = await countItems();
    const tooBig = await claimant.post(`/api/cases/${caseId}/documents`, { fileName: 'id.pdf', contentType: 'application/pdf', size: 50 * 1024 * 1024, category: 'identity-document' });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.fields[0].field).toBe('size');
    const exe = await claimant.post(`/api/cases/${caseId}/documents`, { fileName: 'x.exe', contentType: 'application/x-msdownload', size: 10, category: 'identity-document' });
    expect(exe.status).toBe(400);
    expect(exe.body.error.fields[0].field).toBe('contentType');
    const unknown = await claimant.post(`/api/cases/${caseId}/documents`, { fileName: 'x.pdf', contentType: 'application/pdf', size: 10, category: 'tax-return' });
    expect(unknown.body.error.fields[0].field).toBe('category');
    expect(await countItems()).toBe(before);
  });

  it("refuses uploads to another claimant's case, and keeps ops away from document content", async () => {
    const caseId = await declaredCase();
    const intruder = await (await as('claimant2')).post(`/api/cases/${caseId}/documents`, { fileName: 'a.pdf', contentType: 'application/pdf', size: 10, category: 'identity-document' });
    expect(intruder.status).toBe(404);
    const uploaded = await uploadDocument('claimant1', caseId, 'identity-document', pdfBytes());
    expect((await (await as('ops1')).get(`/api/cases/${caseId}/documents/${uploaded.documentId}`)).status).toBe(403);
    expect((await (await as('claimant2')).get(`/api/cases/${caseId}/documents/${uploaded.documentId}`)).status).toBe(404);
  });

  it('refuses an expired download link', async () => {
    const caseId = await declaredCase();
    const uploaded = await uploadDocument('claimant1', caseId, 'identity-document', pdfBytes());
    const { body } = await (await as('claimant1')).get(`/api/cases/${caseId}/documents/${uploaded.documentId}`);
    const url = new URL(body.downloadUrl);
    const signedAt = new Date(Date.now() - 10 * 60 * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    url.searchParams.set('X-Amz-Date', signedAt);
    expect((await fetch(url)).status).toBe(403);
  });

  it('rejects with a reason, asking the claimant for a new version', async () => {
    const caseId = await declaredCase();
    const uploaded = await uploadDocument('claimant1', caseId, 'identity-document', pdfBytes());
    const agent = await as('agent1');
    const noReason = await agent.post(`/api/cases/${caseId}/documents/${uploaded.documentId}/review`, { decision: 'rejected' });
    expect(noReason.status).toBe(400);
    const rejected = await agent.post(`/api/cases/${caseId}/documents/${uploaded.documentId}/review`, { decision: 'rejected', reason: 'Illisible' });
    expect(rejected.body.status).toBe('rejected');
    const view = await (await as('claimant1')).get(`/api/cases/${caseId}`);
    expect(view.body.checklist.find((l: { category: string }) => l.category === 'identity-document').state).toBe('rejected');
    const told = (await (await as('claimant1')).get('/api/notifications?limit=100')).body.items.filter((n: { caseId: string }) => n.caseId === caseId);
    expect(told.map((n: { template: string }) => n.template)).toEqual(['document-rejected']);
    expect((await (await as('claimant1')).post(`/api/cases/${caseId}/documents/${uploaded.documentId}/review`, { decision: 'accepted' })).status).toBe(403);
  });

  it('moves a case waiting in document collection on by itself once every required document is accepted', async () => {
    const caseId = await declaredCase();
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'request-documents', { categories: ['employer-certificate'] });
    await caseStatus(caseId, 'document-collection');
    const view = await (await as('claimant1')).get(`/api/cases/${caseId}`);
    const additional = view.body.checklist.find((l: { category: string }) => l.category === 'employer-certificate');
    expect(additional).toMatchObject({ folder: 'supporting/additional', state: 'missing' });

    const agent = await as('agent1');
    for (const category of ['declaration-form', 'medical-certificate', 'identity-document', 'employer-certificate']) {
      const uploaded = await uploadDocument('claimant1', caseId, category, pdfBytes(category));
      expect((await agent.post(`/api/cases/${caseId}/documents/${uploaded.documentId}/review`, { decision: 'accepted' })).status).toBe(200);
    }
    const review = await openTask(caseId, 'medical-review');
    expect(review.status).toBe('open');
    const collection = (await (await as('supervisor1')).get(`/api/cases/${caseId}/history`)).body.entries.find(
      (e: { action: string; details: { by?: string } }) => e.action === 'task.completed' && e.details.by === 'system',
    );
    expect(collection).toBeDefined();
  });
});

describe('the legal archive', () => {
  it('writes a closed case’s documents with their manifest as one tar, which the verify command checks, and catches tampering', async () => {
    const { spawnSync } = await import('node:child_process');
    const { inject } = await import('vitest');
    const { S3Client } = await import('@aws-sdk/client-s3');
    const caseId = await declaredCase();
    const uploaded = await uploadDocument('claimant1', caseId, 'medical-certificate', pdfBytes('archived'));
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'reject', { reason: 'Hors délai de prescription' });
    const history = await eventually(async () => {
      const response = await (await as('supervisor1')).get(`/api/cases/${caseId}/history`);
      return response.body.entries.some((e: { action: string }) => e.action === 'case.archived') ? response.body : undefined;
    });
    // The notification consumer may write after it: look for the archive's own entry.
    expect(history.entries.find((e: { action: string }) => e.action === 'case.archived').details).toMatchObject({ documents: 1 });

    // CaseClosed delivered again, as the closing step published it (EventBridge delivers at least
    // once): archived once in the history.
    const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const bus = new EventBridgeClient({ endpoint: inject('awsEndpoint'), region: 'eu-west-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const closedAgain = { Source: 'dossier.cases', DetailType: 'CaseClosed', EventBusName: 'dossier', Detail: JSON.stringify({ schemaVersion: '1', caseId, reason: 'rejected' }) };
    await bus.send(new PutEventsCommand({ Entries: [closedAgain, closedAgain] }));
    await new Promise((r) => setTimeout(r, 1000));
    const entries = (await (await as('supervisor1')).get(`/api/cases/${caseId}/history`)).body.entries as { action: string }[];
    expect(entries.filter((e) => e.action === 'case.archived')).toHaveLength(1);

    const env = {
      ...process.env,
      ARCHIVE_BUCKET: 'dossier-archive',
      TABLE_NAME: 'dossier',
      S3_ENDPOINT: inject('s3Endpoint'),
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const verify = () => spawnSync(process.execPath, ['--import', 'tsx', 'local/verify-archive.ts', caseId], { env, encoding: 'utf8' });
    const intact = verify();
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('archive intact');

    // One tar for the closing, manifest first, in Glacier Instant Retrieval only if big enough to pay for it.
    const s3 = new S3Client({ endpoint: inject('s3Endpoint'), forcePathStyle: true, region: 'eu-west-3', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const archives = (await s3.send(new ListObjectsV2Command({ Bucket: 'dossier-archive', Prefix: `cases/${caseId}/` }))).Contents!.map((o) => o.Key!);
    expect(archives).toEqual([expect.stringMatching(new RegExp(`^cases/${caseId}/archives/.+\\.tar$`))]);
    const archived = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'dossier-archive', Key: archives[0] }))).Body!.transformToByteArray());
    const { names, manifest } = await tarContents(archived);
    expect(names).toEqual(['manifest.json', `documents/declaration/${uploaded.documentId}`]);
    expect(manifest).toMatchObject({ caseId, documents: [{ documentId: uploaded.documentId, size: pdfBytes('archived').length }] });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'dossier-archive', Key: archives[0] }))).StorageClass ?? 'STANDARD').toBe('STANDARD');

    // One byte of the document changed inside the tar.
    const at = archived.indexOf(pdfBytes('archived'));
    expect(at).toBeGreaterThan(0);
    const flipped = Buffer.from(archived);
    flipped.writeUInt8(flipped.readUInt8(at + 10) ^ 0xff, at + 10);
    await s3.send(new PutObjectCommand({ Bucket: 'dossier-archive', Key: archives[0], Body: flipped }));
    const tampered = verify();
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(`${uploaded.documentId}: content differs`);

    // The document taken out of the tar, the manifest left.
    await s3.send(new PutObjectCommand({ Bucket: 'dossier-archive', Key: archives[0], Body: await tarOf([['manifest.json', JSON.stringify(manifest)]]) }));
    const cut = verify();
    expect(cut.status).toBe(1);
    expect(cut.stdout).toContain(`${uploaded.documentId}: missing from the archive`);
  });

  it('puts a case’s archive in Glacier Instant Retrieval once it is 128 KB or more', async () => {
    const { inject } = await import('vitest');
    const { S3Client } = await import('@aws-sdk/client-s3');
    const caseId = await declaredCase();
    const large = Buffer.concat([pdfBytes('large'), Buffer.alloc(200 * 1024, 7)]);
    await uploadDocument('claimant1', caseId, 'medical-certificate', large);
    await work('agent1', (await openTask(caseId, 'qualification')).taskId, 'reject', { reason: 'Hors délai de prescription' });
    const s3 = new S3Client({ endpoint: inject('s3Endpoint'), forcePathStyle: true, region: 'eu-west-3', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const archive = await eventually(async () => (await s3.send(new ListObjectsV2Command({ Bucket: 'dossier-archive', Prefix: `cases/${caseId}/archives/` }))).Contents?.[0]?.Key);
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'dossier-archive', Key: archive }))).StorageClass).toBe('GLACIER_IR');
    const { manifest } = await tarContents(Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'dossier-archive', Key: archive }))).Body!.transformToByteArray()));
    expect(manifest.documents[0].size).toBe(large.length);
  });

  it('still checks the archives written before the tar: a manifest beside a copy of each document', async () => {
    const { spawnSync } = await import('node:child_process');
    const { createHash } = await import('node:crypto');
    const { inject } = await import('vitest');
    const { S3Client } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({ endpoint: inject('s3Endpoint'), forcePathStyle: true, region: 'eu-west-3', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const caseId = `OLD${Date.now()}`;
    const content = pdfBytes('copied');
    const archiveKey = `cases/${caseId}/documents/declaration/D1`;
    await s3.send(new PutObjectCommand({ Bucket: 'dossier-archive', Key: archiveKey, Body: content }));
    const manifest = {
      caseId,
      archivedAt: '2026-11-02T10:00:00.000Z',
      historySeq: 9,
      historyHead: 'h',
      documents: [{ documentId: 'D1', category: 'medical-certificate', folder: 'declaration', version: 1, status: 'accepted', sha256: createHash('sha256').update(content).digest('hex'), size: content.length, archiveKey }],
    };
    await s3.send(new PutObjectCommand({ Bucket: 'dossier-archive', Key: `cases/${caseId}/manifests/2026-11-02T09-59-00-000Z.json`, Body: JSON.stringify(manifest) }));
    const env = { ...process.env, ARCHIVE_BUCKET: 'dossier-archive', TABLE_NAME: 'dossier', S3_ENDPOINT: inject('s3Endpoint'), S3_FORCE_PATH_STYLE: 'true', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
    const verify = () => spawnSync(process.execPath, ['--import', 'tsx', 'local/verify-archive.ts', caseId], { env, encoding: 'utf8' });
    const intact = verify();
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain('archive intact');
    await s3.send(new PutObjectCommand({ Bucket: 'dossier-archive', Key: archiveKey, Body: 'tampered' }));
    const tampered = verify();
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain('D1: content differs');
  });
});

describe('repeated S3 events', () => {
  it('change nothing: the same upload event delivered again records nothing new', async () => {
    const { inject } = await import('vitest');
    const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const caseId = await declaredCase();
    const uploaded = await uploadDocument('claimant1', caseId, 'identity-document', pdfBytes());
    const supervisor = await as('supervisor1');
    const before = (await supervisor.get(`/api/cases/${caseId}/history`)).body.entries.length;

    const bus = new EventBridgeClient({ endpoint: inject('awsEndpoint'), region: 'eu-west-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const key = `cases/${caseId}/declaration/${uploaded.documentId}`;
    await bus.send(new PutEventsCommand({ Entries: [1, 2].map(() => ({ Source: 'aws.s3', DetailType: 'Object Created', EventBusName: 'dossier', Detail: JSON.stringify({ bucket: { name: 'dossier-documents' }, object: { key } }) })) }));
    await new Promise((r) => setTimeout(r, 1000));
    const after = await supervisor.get(`/api/cases/${caseId}/history`);
    expect(after.body.entries.length).toBe(before);
    expect((await supervisor.get(`/api/cases/${caseId}`)).body.documents.filter((d: { category: string }) => d.category === 'identity-document')).toHaveLength(1);
  });
});
