import type { TestProject } from 'vitest/node';
import { startLocalStack } from '#local/stack.js';

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
  const stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
  project.provide('apiUrl', stack.url);
  project.provide('dynamodbEndpoint', stack.endpoints.dynamodb);
  project.provide('s3Endpoint', stack.endpoints.s3);
  project.provide('awsEndpoint', stack.endpoints.aws);
  project.provide('expiredToken', await stack.auth.expiredToken('claimant1'));
  return () => stack.stop();
}
