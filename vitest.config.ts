import { defineConfig } from 'vitest/config';

// One project per kind of test, so each can be run alone (npm run test:unit, ...).
// Integration tests share one local stack (DynamoDB Local, s3rver, the state machine runner and
// the HTTP gateway) started once per run by the global setup, on free ports.
export default defineConfig({
  test: {
    // Handlers log JSON lines; tests assert on responses, so keep the output readable.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'statemachines',
          include: ['test/statemachines/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // The suites share one stack; running files one at a time keeps the 2-core CI predictable.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // Its own stack serving the built portal, driven by Debian's Chromium (playwright-core).
          // Run apart from the integration project (npm test does): a local stack configures the
          // handlers of its process, so two stacks cannot share one.
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
