#!/usr/bin/env node
// The CDK app: `npm run synth` (offline, no credentials) and `npx cdk deploy`.
import { App } from 'aws-cdk-lib';
import { checkAwsSolutions } from './nag.js';
import { DossierStack } from './dossier-stack.js';

const app = new App();
new DossierStack(app, 'Dossier', {
  description: 'Dossier: serverless case management for insurers and health funds',
  // Deploys to the account and region of the caller's credentials; synth needs neither.
  env:
    process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION
      ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
      : undefined,
});
// cdk-nag's AwsSolutions rules run on every synth; an unsuppressed finding is an error that
// fails it. Each suppression in the stack says why it is acceptable.
checkAwsSolutions(app);
