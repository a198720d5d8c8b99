import { afterAll, beforeAll, inject } from 'vitest';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { resetConfigForTests } from '#shared/config.js';

/**
 * For a test that runs a use case in its own process against the shared stack's emulators (the
 * table, the buckets, the bus), configured as a Lambda of the stack would be, plus `extra`. The
 * environment is put back after the file's tests.
 */
export function runUseCasesInProcess(extra: Record<string, string> = {}): void {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      TABLE_NAME: 'dossier',
      DOCUMENTS_BUCKET: 'dossier-documents',
      EVENT_BUS_NAME: 'dossier',
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      S3_ENDPOINT: inject('s3Endpoint'),
      S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'eu-west-3',
      // s3rver only accepts these credentials; the other emulators accept any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      ...extra,
    });
    resetConfigForTests();
    resetClientsForTests();
  });
  afterAll(() => {
    process.env = saved;
    resetConfigForTests();
    resetClientsForTests();
  });
}
