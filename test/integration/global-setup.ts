import type { TestProject } from 'vitest/node';
import { registerCaseType } from '#shared/case-types/index.js';
import { seedDemoMembers } from '#local/demo-members.js';
import { startLocalStack } from '#local/stack.js';
import { minimalCaseType } from '../fixtures/minimal-case-type.js';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamodbEndpoint: string;
    s3Endpoint: string;
    awsEndpoint: string;
    expiredToken: string;
  }
}

// One local stack for the whole integration run: real DynamoDB Local (in memory), s3rver in a
// scratch folder, the local state machine runner, on free ports. Tests talk to it over HTTP.
export default async function setup(project: TestProject) {
  // A test-only case type, added as files (descriptor + ASL) only: see case-type-as-data.test.ts.
  registerCaseType(minimalCaseType);
  const stack = await startLocalStack({
    port: 0,
    logLevel: 'SILENT',
    extraStateMachines: [{ id: 'test-minimal', file: 'test/fixtures/test-minimal.asl.json' }],
  });
  // The registry's named members (the demo claimants' own records, a lapsed contract): what
  // claims in the tests are checked against, as after `npm start`.
  await seedDemoMembers(0);
  project.provide('apiUrl', stack.url);
  project.provide('dynamodbEndpoint', stack.endpoints.dynamodb);
  project.provide('s3Endpoint', stack.endpoints.s3);
  project.provide('awsEndpoint', stack.endpoints.aws);
  project.provide('expiredToken', await stack.auth.expiredToken('claimant1'));
  return () => stack.stop();
}
