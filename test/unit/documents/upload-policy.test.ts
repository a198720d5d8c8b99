import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { parseDocumentKey } from '#shared/documents/document-record.js';
import { presignUpload, UPLOAD_URL_SECONDS } from '#shared/documents/upload-request.js';

// The local S3 server does not enforce POST policies, so the policy itself is checked here.
const client = new S3Client({ region: 'eu-west-3', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

async function policyOf(key: string, contentType: string, maxBytes: number) {
  const post = await presignUpload(client, 'dossier-documents', key, contentType, maxBytes);
  const policy = JSON.parse(Buffer.from(post.fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
  return { post, policy };
}

describe('the presigned upload policy', () => {
  it('pins the server-chosen key, the content type and the size range, and expires within five minutes', async () => {
    const before = Date.now();
    const { post, policy } = await policyOf('cases/C1/declaration/D1', 'application/pdf', 20 * 1024 * 1024);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { key: 'cases/C1/declaration/D1' },
        { bucket: 'dossier-documents' },
        ['content-length-range', 1, 20 * 1024 * 1024],
        ['eq', '$Content-Type', 'application/pdf'],
      ]),
    );
    const expiresIn = Date.parse(policy.expiration) - before;
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(UPLOAD_URL_SECONDS * 1000 + 1000);
    expect(UPLOAD_URL_SECONDS).toBeLessThanOrEqual(300);
    expect(post.fields).toMatchObject({ key: 'cases/C1/declaration/D1', 'Content-Type': 'application/pdf' });
    expect(post.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads document keys back, sub-folders included', () => {
    expect(parseDocumentKey('cases/C1/supporting/additional/D9')).toEqual({ caseId: 'C1', folder: 'supporting/additional', documentId: 'D9' });
    expect(parseDocumentKey('quarantine/cases/C1/x/D9')).toBeUndefined();
    expect(parseDocumentKey('cases/C1')).toBeUndefined();
  });
});
