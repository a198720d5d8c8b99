/**
 * A document of a case: one uploaded file, in a folder, for a checklist category. A new upload in
 * the same slot (category and folder) is a new version; older versions are kept and listed.
 */
export type DocumentStatus = 'pending' | 'received' | 'accepted' | 'rejected' | 'quarantined';

export interface DocumentRecord {
  readonly documentId: string;
  readonly caseId: string;
  readonly category: string;
  readonly folder: string;
  readonly fileName: string;
  readonly declaredContentType: string;
  readonly declaredSize: number;
  readonly key: string;
  readonly status: DocumentStatus;
  readonly uploadedBy: string;
  readonly requestedAt: string;
  readonly receivedAt?: string;
  readonly sha256?: string;
  readonly size?: number;
  readonly contentType?: string;
  readonly reviewedBy?: string;
  readonly reviewedAt?: string;
  /** Why it was rejected or quarantined; shown to the claimant. */
  readonly reason?: string;
  readonly version: number;
  /** Pending uploads never completed disappear after this (epoch seconds). */
  readonly expiresAt?: number;
}

/** The file types a claimant may send, by declared content type. */
export const ALLOWED_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'image/heic'] as const;

export const documentPk = (caseId: string) => `CASE#${caseId}`;
export const documentSk = (documentId: string) => `DOC#${documentId}`;
export const DOCUMENT_PREFIX = 'DOC#';
export const documentKey = (caseId: string, folder: string, documentId: string) => `cases/${caseId}/${folder}/${documentId}`;

/** Reads `cases/<caseId>/<folder, may hold slashes>/<documentId>`. */
export function parseDocumentKey(key: string): { caseId: string; folder: string; documentId: string } | undefined {
  const parts = key.split('/');
  if (parts.length < 4 || parts[0] !== 'cases') return undefined;
  return { caseId: parts[1]!, folder: parts.slice(2, -1).join('/'), documentId: parts.at(-1)! };
}

/** The EventBridge pattern of an upload to the documents bucket (S3 → EventBridge), shared by CDK and the local bus. */
export function documentUploadedPattern(bucketName: string) {
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix: 'cases/' }] } },
  };
}
