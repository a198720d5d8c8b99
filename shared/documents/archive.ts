import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { s3Client } from '../aws/clients.js';
import type { CaseRecord } from '../cases/case-record.js';
import { config } from '../config.js';
import { bundleStream, documentEntry, readBundle } from './archive-bundle.js';
import { archiveStorageClass } from './archive-storage-class.js';
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
    /** Its name in the archive's tar. */
    readonly entry: string;
  }[];
}

/** A manifest as archives before the tar held it: each document copied to its own key. */
interface CopiedArchiveManifest extends Omit<ArchiveManifest, 'documents'> {
  readonly documents: readonly (Omit<ArchiveManifest['documents'][number], 'entry'> & { readonly archiveKey: string })[];
}

const archivePrefix = (caseId: string) => `cases/${caseId}/archives/`;
const copiedManifestPrefix = (caseId: string) => `cases/${caseId}/manifests/`;
// Named by the closing it archives, so archiving that closing again rewrites the same object.
const closingName = (closedAt: string) => closedAt.replace(/[:.]/g, '-');

// Parts of a large archive are buffered this big, a few at a time: a case's documents are streamed
// through the function, never held whole.
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Writes a closed case's documents and their manifest (ids, versions, SHA-256, history head) to
 * the archive bucket as one tar (shared/documents/archive-bundle.ts). In AWS that bucket has
 * Object Lock in compliance mode: nobody, not even an administrator, can change or delete what is
 * there before its retention ends. Re-archiving (a case closed again after re-opening) writes a
 * new archive beside the earlier ones. A document whose bytes no longer match its record fails
 * the archiving (the event is retried, then kept in the dead-letter queue) and nothing is written.
 */
export async function archiveCase(record: CaseRecord, at: string): Promise<ArchiveManifest | undefined> {
  const { DOCUMENTS_BUCKET, ARCHIVE_BUCKET } = config();
  if (!ARCHIVE_BUCKET || !DOCUMENTS_BUCKET) return undefined;
  const documents = (await documentsOfCase(record.caseId)).filter(
    (d) => d.sha256 && (d.status === 'received' || d.status === 'accepted' || d.status === 'rejected'),
  );
  const manifest: ArchiveManifest = {
    caseId: record.caseId,
    archivedAt: at,
    historySeq: record.historySeq,
    historyHead: record.historyHead,
    documents: documents.map((d) => ({
      documentId: d.documentId,
      category: d.category,
      folder: d.folder,
      version: d.version,
      status: d.status,
      sha256: d.sha256!,
      size: d.size!,
      entry: documentEntry(d.folder, d.documentId),
    })),
  };
  // Each entry as the manifest names it, its bytes read from the documents bucket when its turn comes.
  const bundled = manifest.documents.map((m, i) => ({
    ...m,
    open: async () => (await s3Client().send(new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: documents[i]!.key }))).Body as Readable,
  }));
  const bytes = manifest.documents.reduce((total, d) => total + d.size, 0);
  const closedAt = (record as { closedAt?: string }).closedAt ?? at;
  await new Upload({
    client: s3Client(),
    partSize: PART_BYTES,
    queueSize: 2,
    params: {
      Bucket: ARCHIVE_BUCKET,
      Key: `${archivePrefix(record.caseId)}${closingName(closedAt)}.tar`,
      Body: bundleStream(manifest, bundled),
      ContentType: 'application/x-tar',
      StorageClass: archiveStorageClass(bytes),
      // Object Lock takes an upload only with a checksum of what it keeps.
      ChecksumAlgorithm: 'CRC32',
    },
  }).done();
  return manifest;
}

export interface ArchiveCheck {
  readonly caseId: string;
  readonly manifest?: string;
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/**
 * Re-reads the case's newest archive and compares each document's SHA-256 and size with its
 * manifest. Archives written before the tar (a manifest beside a copy of each document) are still
 * checked: under Object Lock they stay as they were written.
 */
export async function verifyArchivedCase(caseId: string): Promise<ArchiveCheck> {
  const bucket = config().ARCHIVE_BUCKET!;
  const keys = [];
  for (const prefix of [archivePrefix(caseId), copiedManifestPrefix(caseId)]) {
    const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    keys.push(...(listed.Contents ?? []).map((o) => ({ key: o.Key!, closing: o.Key!.slice(prefix.length).replace(/\.(tar|json)$/, '') })));
  }
  const newest = keys.sort((a, b) => a.closing.localeCompare(b.closing)).at(-1)?.key;
  if (!newest) return { caseId, ok: false, problems: ['no archive for this case'] };
  const problems = newest.endsWith('.tar') ? await bundleProblems(bucket, newest) : await copiedArchiveProblems(bucket, newest);
  return { caseId, manifest: newest, ok: problems.length === 0, problems };
}

async function bundleProblems(bucket: string, key: string): Promise<string[]> {
  let bundle;
  try {
    const { Body } = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    bundle = await readBundle(Body as Readable);
  } catch {
    return [`${key}: unreadable as a tar`];
  }
  if (!bundle.manifest) return [`${key}: no manifest in the archive`];
  const manifest = JSON.parse(bundle.manifest) as ArchiveManifest;
  const problems: string[] = [];
  for (const document of manifest.documents) {
    const found = bundle.entries.get(document.entry);
    if (!found) problems.push(`${document.documentId}: missing from the archive`);
    else if (found.sha256 !== document.sha256 || found.size !== document.size) problems.push(`${document.documentId}: content differs from the manifest`);
  }
  const listed = new Set(manifest.documents.map((d) => d.entry));
  for (const name of bundle.entries.keys()) if (!listed.has(name)) problems.push(`${name}: in the archive but not in its manifest`);
  return problems;
}

async function copiedArchiveProblems(bucket: string, key: string): Promise<string[]> {
  const manifest = JSON.parse(await readText(bucket, key)) as CopiedArchiveManifest;
  const problems: string[] = [];
  for (const entry of manifest.documents) {
    try {
      const { sha256, size } = await digest(bucket, entry.archiveKey);
      if (sha256 !== entry.sha256 || size !== entry.size) problems.push(`${entry.documentId}: content differs from the manifest`);
    } catch (error) {
      problems.push(`${entry.documentId}: ${(error as Error).name === 'NoSuchKey' ? 'missing from the archive' : 'unreadable'}`);
    }
  }
  return problems;
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
