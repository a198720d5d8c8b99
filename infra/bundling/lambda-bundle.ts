// The esbuild options every Lambda bundle is made with, shared by the CDK construct
// (infra/constructs/dossier-function.ts) and the cold-start bench, so the bench measures the
// bundles that are deployed.

/** Node.js version the bundles are compiled for: the oldest syntax the Lambda runtime must run. */
export const BUNDLE_TARGET = 'node22';

/** Prefer ES modules, so esbuild can drop what a handler does not import. */
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];

/** Some dependencies are CommonJS and call require(); ESM bundles need it defined. */
export const BUNDLE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Modules replaced in the bundles, by paths relative to the project root. */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './infra/bundling/lambda-credentials.ts',
};
