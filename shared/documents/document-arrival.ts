import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { fileTypeFromBuffer } from 'file-type';
import { s3Client } from '../aws/clients.js';
import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { config } from '../config.js';
import { announce } from '../events/announce.js';
import { logger } from '../observability/logger.js';
import { requirementsOf } from './checklist.js';
import { parseDocumentKey, type DocumentRecord } from './document-record.js';
import { documentUpdateWrite, getDocument } from './document-repository.js';
import { claimantNotice } from '../notifications/notice.js';

// Enough bytes for file-type to recognise any of the allowed formats.
const SNIFF_BYTES = 4100;

interface Inspection {
  readonly size: number;
  readonly sha256: string;
  readonly detectedType?: string;
}

/** Reads the object once: its real size, its SHA-256, and its type from its first bytes. */
async function inspect(bucket: string, key: string): Promise<Inspection> {
  const { Body } = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  for await (const chunk of Body as Readable) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    if (headBytes < SNIFF_BYTES) {
      head.push(bytes);
      headBytes += bytes.length;
    }
  }
  const type = await fileTypeFromBuffer(Buffer.concat(head).subarray(0, SNIFF_BYTES));
  return { size, sha256: hash.digest('hex'), detectedType: type?.mime };
}

/**
 * An object arrived in the documents bucket (S3 → EventBridge in AWS, s3rver's event locally).
 * It is accepted as received only if it is what was announced: its real type (magic bytes) is
 * the declared one and its real size within the category's limit. Anything else is moved to
 * quarantine, never shown as valid, and the claimant is told why. Repeated events change nothing.
 */
export async function documentArrived(bucket: string, key: string): Promise<DocumentRecord['status'] | 'ignored'> {
  const where = parseDocumentKey(key);
  const document = where ? await getDocument(where.caseId, where.documentId) : undefined;
  if (!where || !document || document.key !== key) {
    // Nobody asked for this upload: remove it rather than keep an orphan file.
    logger.warn('unexpected object in the documents bucket removed');
    await s3Client().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    return 'ignored';
  }
  logger.appendKeys({ caseId: document.caseId });
  if (document.status !== 'pending') {
    // The same upload event again (S3 and EventBridge deliver at least once, and a failed run is
    // retried): nothing to record, but announced again, since the run that recorded it may have
    // stopped before its announcement went out, and the documents-changed consumer is idempotent.
    if (document.status === 'received') await announceReceived(document);
    return document.status;
  }
  const record = await getCase(document.caseId);
  if (!record) return 'ignored';

  const found = await inspect(bucket, key);
  const limit = (requirementsOf(record).find((r) => r.category === document.category)?.maxSizeMb ?? 20) * 1024 * 1024;
  const problem =
    found.detectedType !== document.declaredContentType
      ? `the file is not a ${document.declaredContentType} (it looks like ${found.detectedType ?? 'an unknown format'})`
      : found.size > limit
        ? `the file is larger than ${limit / 1024 / 1024} MB`
        : undefined;

  const at = now().toISOString();
  if (problem) {
    const quarantineKey = `quarantine/${key}`;
    await s3Client().send(new CopyObjectCommand({ Bucket: bucket, Key: quarantineKey, CopySource: `${bucket}/${key}` }));
    await s3Client().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const quarantined: DocumentRecord = { ...document, status: 'quarantined', key: quarantineKey, receivedAt: at, size: found.size, sha256: found.sha256, reason: problem };
    const written = await record_(document, quarantined, 'document.quarantined', { documentId: document.documentId, category: document.category, reason: problem }, [
      claimantNotice(record, { eventType: 'DocumentQuarantined', key: `${document.documentId}#${document.version}` }, 'document-refused', at),
    ]);
    logger.info('document quarantined', { documentId: document.documentId });
    return written ? 'quarantined' : document.status;
  }

  const received: DocumentRecord = { ...document, status: 'received', receivedAt: at, size: found.size, sha256: found.sha256, contentType: found.detectedType };
  if (!(await record_(document, received, 'document.received', { documentId: document.documentId, category: document.category, version: document.version, sha256: found.sha256 }))) {
    return document.status;
  }
  await announceReceived(document);
  logger.info('document received', { documentId: document.documentId });
  return 'received';
}

/**
 * What follows a received document (a complete collection moves its case on, the claimant's wait
 * ends) is the documents-changed function's, on this event: it must go out. If the bus refuses it
 * even after retries, the error fails this run and the upload event is delivered again, which
 * announces it again (above).
 */
async function announceReceived(document: DocumentRecord): Promise<void> {
  await announce('DocumentReceived', { caseId: document.caseId, documentId: document.documentId, category: document.category, version: document.version });
}

async function record_(
  before: DocumentRecord,
  after: DocumentRecord,
  action: string,
  details: Record<string, unknown>,
  extra: ReturnType<typeof claimantNotice>[] = [],
): Promise<boolean> {
  try {
    await recordChange(before.caseId, { at: after.receivedAt!, actor: SYSTEM_ACTOR, action, details }, {
      linkedWrites: [documentUpdateWrite(after, before.status), ...extra.filter((w): w is NonNullable<typeof w> => w !== undefined)],
    });
    return true;
  } catch (error) {
    // A duplicate event got there first: the document is already recorded.
    if (error instanceof LinkedWriteRefused) return false;
    throw error;
  }
}

export const documentsBucket = () => config().DOCUMENTS_BUCKET!;
