import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import * as z from 'zod';
import { authorizeCase } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { s3Client } from '../aws/clients.js';
import { now } from '../clock.js';
import { getCase } from '../cases/case-repository.js';
import { config } from '../config.js';
import { badRequest, conflict } from '../errors.js';
import { requirementsOf } from './checklist.js';
import { ALLOWED_CONTENT_TYPES, documentKey, type DocumentRecord } from './document-record.js';
import { documentsOfCase, putPendingDocument } from './document-repository.js';

export const uploadRequestBody = z.strictObject({
  // A display name only: the storage key is chosen by the server.
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => !/[/\\]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 32), 'must be a file name, without folders'),
  contentType: z.enum(ALLOWED_CONTENT_TYPES, { message: `must be one of ${ALLOWED_CONTENT_TYPES.join(', ')}` }),
  size: z.int().min(1),
  category: z.string().regex(/^[a-z0-9-]{1,60}$/, 'must be a document category'),
  folder: z.string().max(100).optional(),
});

/** Upload URLs live this long: enough to start an upload from a phone, too short to share. */
export const UPLOAD_URL_SECONDS = 300;
const PENDING_UPLOAD_TTL_SECONDS = 24 * 3600;

export interface UploadTicket {
  readonly documentId: string;
  readonly upload: PresignedPost;
  readonly expiresInSeconds: number;
}

/**
 * The browser uploads straight to S3 with this presigned POST; the policy pins the key, the
 * content type and the size range, and expires in five minutes. The file is checked again when
 * it arrives, since a policy is only as good as the server enforcing it.
 */
export async function requestUpload(principal: Principal, caseId: string, body: z.output<typeof uploadRequestBody>): Promise<UploadTicket> {
  const record = authorizeCase(principal, 'document:upload', await getCase(caseId));
  if (record.status === 'closed') throw conflict('A closed case takes no more documents');
  const requirement = requirementsOf(record).find((r) => r.category === body.category);
  // Beyond the documents its type always asks for, a case's list is decided at its registration
  // (seconds after the declaration, longer in a surge): until then the client is told to come back.
  if (!requirement && record.status === 'received') {
    throw conflict('The case is being registered: the other documents it asks for are known in a moment; try again shortly');
  }
  if (!requirement) {
    throw badRequest('Invalid body: category', [{ field: 'category', message: 'is not a document this case asks for' }]);
  }
  if (body.folder !== undefined && body.folder !== requirement.folder) {
    throw badRequest('Invalid body: folder', [{ field: 'folder', message: `documents of this category go to ${requirement.folder}` }]);
  }
  const maxBytes = requirement.maxSizeMb * 1024 * 1024;
  if (body.size > maxBytes) {
    throw badRequest('Invalid body: size', [{ field: 'size', message: `must be at most ${requirement.maxSizeMb} MB` }]);
  }
  const at = now();
  const documentId = ulid(at.getTime());
  const previous = (await documentsOfCase(caseId)).filter((d) => d.category === body.category && d.status !== 'pending');
  const document: DocumentRecord = {
    documentId,
    caseId,
    category: body.category,
    folder: requirement.folder,
    fileName: body.fileName,
    declaredContentType: body.contentType,
    declaredSize: body.size,
    key: documentKey(caseId, requirement.folder, documentId),
    status: 'pending',
    uploadedBy: principal.username,
    requestedAt: at.toISOString(),
    version: previous.length + 1,
    expiresAt: Math.floor(at.getTime() / 1000) + PENDING_UPLOAD_TTL_SECONDS,
  };
  await putPendingDocument(document);
  const upload = await presignUpload(s3Client(), config().DOCUMENTS_BUCKET!, document.key, body.contentType, maxBytes);
  return { documentId, upload, expiresInSeconds: UPLOAD_URL_SECONDS };
}

export function presignUpload(client: S3Client, bucket: string, key: string, contentType: string, maxBytes: number): Promise<PresignedPost> {
  return createPresignedPost(client, {
    Bucket: bucket,
    Key: key,
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$Content-Type', contentType],
    ],
    Fields: { 'Content-Type': contentType },
    Expires: UPLOAD_URL_SECONDS,
  });
}
