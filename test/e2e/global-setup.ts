import type { TestProject } from 'vitest/node';
import { seedDemoMembers } from '#local/demo-members.js';
import { startLocalStack } from '#local/stack.js';
import { freePort } from '#local/ports.js';
import { ensurePortalBuilt, PORTAL_DIST } from '../../portal/scripts/build-portal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    portalUrl: string;
    /** The local AWS endpoint (event bus): for playing the scheduler's part. */
    awsEndpoint: string;
  }
}

// The browser tests get their own local stack serving the built portal. The port is chosen
// first because the embedded S3 lets the browser upload only from the gateway's own origin.
export default async function setup(project: TestProject) {
  await ensurePortalBuilt();
  const port = await freePort();
  const stack = await startLocalStack({ port, logLevel: 'SILENT', staticDir: PORTAL_DIST });
  // The registry's named members (local/demo-members.ts): the demo claimants' own records.
  await seedDemoMembers(0);
  project.provide('portalUrl', stack.url);
  project.provide('awsEndpoint', stack.endpoints.aws);
  return () => stack.stop();
}
