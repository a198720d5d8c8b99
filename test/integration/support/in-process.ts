import { afterAll, beforeAll, inject } from 'vitest';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { setClockOffsetMs } from '#shared/clock.js';
import { resetConfigForTests } from '#shared/config.js';
import { request } from './api.js';

/**
 * For a test that runs a use case in its own process against the shared stack's emulators (the
 * table, the buckets, the bus), configured as a Lambda of the stack would be, plus `extra`. The
 * environment is put back after the file's tests.
 *
 * `runtimeClock`: the use cases tell time by the runtime's clock, which other tests move ahead, as
 * the stack's own Lambdas do. Needed by anything that sets a deadline: one set by the system clock
 * would lie in the runtime's past, and its scheduler would take it up in the middle of a later test.
 */
export function runUseCasesInProcess(extra: Record<string, string> = {}, options: { runtimeClock?: boolean } = {}): void {
  const saved = { ...process.env };
  beforeAll(async () => {
    if (options.runtimeClock) {
      const probe = await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } });
      setClockOffsetMs(Date.parse(probe.body.now as string) - Date.now());
    }
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
    setClockOffsetMs(0);
    process.env = saved;
    resetConfigForTests();
    resetClientsForTests();
  });
}
