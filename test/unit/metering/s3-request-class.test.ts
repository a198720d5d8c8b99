import { describe, expect, it } from 'vitest';
import { s3RequestClass, UploadStorageClasses } from '#local/s3-server.js';

describe('S3 request price classes', () => {
  it('bills uploads, copies and lists at the PUT price', () => {
    expect(s3RequestClass('POST', '/dossier-documents')).toBe('put-copy-post-list');
    expect(s3RequestClass('PUT', '/dossier-archive/cases/C1/documents/declaration/D1')).toBe('put-copy-post-list');
    expect(s3RequestClass('GET', '/dossier-archive?list-type=2&prefix=cases%2FC1%2F')).toBe('put-copy-post-list');
    expect(s3RequestClass('GET', '/dossier-archive/')).toBe('put-copy-post-list');
  });

  it('bills reads of objects, HEADs and bucket settings at the GET price', () => {
    expect(s3RequestClass('GET', '/dossier-documents/cases/C1/declaration/D1?X-Amz-Signature=abc')).toBe('get-and-other');
    expect(s3RequestClass('HEAD', '/dossier-documents/cases/C1/declaration/D1')).toBe('get-and-other');
    expect(s3RequestClass('GET', '/dossier-documents?cors')).toBe('get-and-other');
    expect(s3RequestClass('OPTIONS', '/dossier-documents/cases/C1/declaration/D1')).toBe('get-and-other');
  });

  it('bills deletions nothing', () => {
    expect(s3RequestClass('DELETE', '/dossier-documents/cases/C1/declaration/D1')).toBe('free');
    expect(s3RequestClass('POST', '/dossier-documents?delete')).toBe('free');
  });

  it('knows the storage class each write goes into, the parts of a multipart upload included', () => {
    const classes = new UploadStorageClasses();
    expect(classes.of('PUT', '/dossier-archive/cases/C1/archives/a.tar', 'GLACIER_IR')).toBe('GLACIER_IR');
    expect(classes.of('PUT', '/dossier-archive/cases/C1/archives/small.tar', undefined)).toBe('STANDARD');
    expect(classes.of('POST', '/dossier-archive/cases/C2/archives/b.tar?uploads', 'GLACIER_IR')).toBe('GLACIER_IR');
    expect(classes.of('PUT', '/dossier-archive/cases/C2/archives/b.tar?partNumber=1&uploadId=U', undefined)).toBe('GLACIER_IR');
    expect(classes.of('GET', '/dossier-archive/cases/C2/archives/b.tar?uploadId=U', undefined)).toBe('GLACIER_IR');
    expect(classes.of('POST', '/dossier-archive/cases/C2/archives/b.tar?uploadId=U', undefined)).toBe('GLACIER_IR');
    // Completed: a later upload to the same key names its own class.
    expect(classes.of('PUT', '/dossier-archive/cases/C2/archives/b.tar?partNumber=1&uploadId=V', undefined)).toBe('STANDARD');
  });
});
