import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/clients.js';
import type { CaseRecord } from '../cases/case-record.js';
import { config } from '../config.js';
import { documentsOfCase } from './document-repository.js';

/** What was archived for a case, to prove later that nothing changed. */
export interface ArchiveManifest {
  readonly caseId: string;
  readonly archivedAt: string;
  readonly historySeq: number;
  readonly historyHead: string;
  readonly documents: readonly {
    readonly documentId: string;
    readonly category: string;
    readonly folder: string;
    readonly version: number;
    readonly status: string;
    readonly sha256: string;
    readonly size: number;
    readonly archiveKey: string;
  }[];
}

const manifestPrefix = (caseId: string) => `cases/${caseId}/manifests/`;

/**
 * Copies a closed case's documents and a manifest (ids, versions, SHA-256, history head) to the
 * archive bucket. In AWS that bucket has Object Lock in compliance mode: nobody, not even an
 * administrator, can change or delete what is there before its retention ends. Re-archiving
 * (a case closed again after re-opening) writes a new manifest beside the earlier ones.
 */
export async function archiveCase(record: CaseRecord, at: string): Promise<ArchiveManifest | undefined> {
  const { DOCUMENTS_BUCKET, ARCHIVE_BUCKET } = config();
  if (!ARCHIVE_BUCKET || !DOCUMENTS_BUCKET) return undefined;
  const documents = (await documentsOfCase(record.caseId)).filter(
    (d) => d.sha256 && (d.status === 'received' || d.status === 'accepted' || d.status === 'rejected'),
  );
  const entries = [];
  for (const document of documents) {
    const archiveKey = `cases/${record.caseId}/documents/${document.folder}/${document.documentId}`;
    await s3Client().send(new CopyObjectCommand({ Bucket: ARCHIVE_BUCKET, Key: archiveKey, CopySource: `${DOCUMENTS_BUCKET}/${document.key}` }));
    entries.push({
      documentId: document.documentId,
      category: document.category,
      folder: document.folder,
      version: document.version,
      status: document.status,
      sha256: document.sha256!,
      size: document.size!,
      archiveKey,
    });
  }
  const manifest: ArchiveManifest = { caseId: record.caseId, archivedAt: at, historySeq: record.historySeq, historyHead: record.historyHead, documents: entries };
  await s3Client().send(
    new PutObjectCommand({
      Bucket: ARCHIVE_BUCKET,
      // Named by the closing it archives, so archiving that closing again rewrites the same manifest.
      Key: `${manifestPrefix(record.caseId)}${((record as { closedAt?: string }).closedAt ?? at).replace(/[:.]/g, '-')}.json`,
      Body: JSON.stringify(manifest, null, 2),
      ContentType: 'application/json',
    }),
  );
  return manifest;
}

export interface ArchiveCheck {
  readonly caseId: string;
  readonly manifest?: string;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** Re-reads every archived file of the newest manifest and compares its SHA-256 and size. */
export async function verifyArchivedCase(caseId: string): Promise<ArchiveCheck> {
  const bucket = config().ARCHIVE_BUCKET!;
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: manifestPrefix(caseId) }));
  const newest = (listed.Contents ?? []).map((o) => o.Key!).sort().at(-1);
  if (!newest) return { caseId, ok: false, problems: ['no archive manifest for this case'] };
  const manifest = JSON.parse(await readText(bucket, newest)) as ArchiveManifest;
  const problems: string[] = [];
  for (const entry of manifest.documents) {
    try {
      const { sha256, size } = await digest(bucket, entry.archiveKey);
      if (sha256 !== entry.sha256 || size !== entry.size) problems.push(`${entry.documentId}: content differs from the manifest`);
    } catch (error) {
      problems.push(`${entry.documentId}: ${(error as Error).name === 'NoSuchKey' ? 'missing from the archive' : 'unreadable'}`);
    }
  }
  return { caseId, manifest: newest, ok: problems.length === 0, problems };
}

async function readText(bucket: string, key: string): Promise<string> {
  const { Body } = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (Body as { transformToString(): Promise<string> }).transformToString();
}

async function digest(bucket: string, key: string): Promise<{ sha256: string; size: number }> {
  const { Body } = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of Body as Readable) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
