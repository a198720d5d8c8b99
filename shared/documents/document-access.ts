import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as z from 'zod';
import { authorizeCase } from '../auth/permissions.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { s3Client } from '../aws/clients.js';
import { now } from '../clock.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { actorOf } from '../cases/declare-case.js';
import { config } from '../config.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { publishDomainEvent } from '../events/publish.js';
import { claimantNotice } from '../notifications/notice.js';
import { afterDocumentsChanged } from './completeness.js';
import type { DocumentRecord } from './document-record.js';
import { documentsOfCase, documentUpdateWrite, getDocument } from './document-repository.js';

/** Download links live five minutes: long enough to open, too short to pass around. */
export const DOWNLOAD_URL_SECONDS = 300;

export const reviewBody = z
  .strictObject({ decision: z.enum(['accepted', 'rejected']), reason: z.string().trim().min(3).max(1000).optional() })
  .refine((b) => b.decision === 'accepted' || b.reason !== undefined, { message: 'a rejection needs a reason', path: ['reason'] });

type VisibleDocument = Omit<DocumentRecord, 'key' | 'expiresAt'>;

export interface DocumentView extends VisibleDocument {
  readonly versions: readonly VisibleDocument[];
  readonly downloadUrl?: string;
  readonly downloadExpiresInSeconds?: number;
}

const visible = ({ key: _key, expiresAt: _expires, ...rest }: DocumentRecord): VisibleDocument => rest;

/**
 * One document with the versions of its slot and a short-lived download link. Every link handed
 * out is a read of the document, recorded in the case history (who read which document when).
 */
export async function viewDocument(principal: Principal, caseId: string, documentId: string): Promise<DocumentView> {
  const record = authorizeCase(principal, 'document:read', await getCase(caseId));
  const document = await getDocument(caseId, documentId);
  if (!document || document.status === 'pending') throw notFound('Document');
  const versions = (await documentsOfCase(caseId)).filter((d) => d.category === document.category && d.status !== 'pending');
  // A quarantined file is never served: it failed its checks.
  if (document.status === 'quarantined') return { ...visible(document), versions: versions.map(visible) };
  const url = await getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: config().DOCUMENTS_BUCKET!,
      Key: document.key,
      ResponseContentDisposition: `attachment; filename="${document.fileName.replace(/["\\]/g, '_')}"`,
      ResponseContentType: document.contentType ?? document.declaredContentType,
    }),
    { expiresIn: DOWNLOAD_URL_SECONDS },
  );
  const isOwner = hasRole(principal, 'claimant') && record.ownerId === principal.userId;
  await recordChange(caseId, {
    at: now().toISOString(),
    actor: actorOf(principal, isOwner ? 'claimant' : undefined),
    action: 'document.downloaded',
    details: { documentId },
  });
  return { ...visible(document), versions: versions.map(visible), downloadUrl: url, downloadExpiresInSeconds: DOWNLOAD_URL_SECONDS };
}

/** Accepts or rejects a received document; a rejection asks the claimant for a new version. */
export async function reviewDocument(
  principal: Principal,
  caseId: string,
  documentId: string,
  body: z.output<typeof reviewBody>,
): Promise<VisibleDocument> {
  const record = authorizeCase(principal, 'document:review', await getCase(caseId));
  const document = await getDocument(caseId, documentId);
  if (!document || document.status === 'pending') throw notFound('Document');
  if (document.status !== 'received') throw conflict(`The document was already ${document.status}`);
  if (body.decision === 'rejected' && !body.reason) throw badRequest('Invalid body: reason', [{ field: 'reason', message: 'a rejection needs a reason' }]);
  const at = now().toISOString();
  const reviewed: DocumentRecord = { ...document, status: body.decision, reviewedBy: principal.username, reviewedAt: at, ...(body.reason ? { reason: body.reason } : {}) };
  const notice = body.decision === 'rejected'
    ? claimantNotice(record, { eventType: 'DocumentReviewed', key: `${documentId}#rejected` }, 'document-rejected', at)
    : undefined;
  try {
    await recordChange(
      caseId,
      { at, actor: actorOf(principal, 'agent'), action: 'document.reviewed', details: { documentId, category: document.category, decision: body.decision } },
      { linkedWrites: [documentUpdateWrite(reviewed, 'received'), ...(notice ? [notice] : [])] },
    );
  } catch (error) {
    if (error instanceof LinkedWriteRefused) throw conflict('Someone reviewed this document meanwhile');
    throw error;
  }
  await publishDomainEvent('DocumentReviewed', { caseId, documentId, category: document.category, decision: body.decision });
  // An acceptance may complete the collection; a rejection may put the case back to waiting.
  await afterDocumentsChanged(caseId);
  return visible(reviewed);
}
