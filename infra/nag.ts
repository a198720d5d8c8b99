import { Validations, type App } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
// cdk-nag is CommonJS without static named exports: take them from its default export.
import cdkNag from 'cdk-nag';

/** Runs cdk-nag's AwsSolutions rules at synth; unacknowledged findings are errors. */
export function checkAwsSolutions(app: App): void {
  Validations.of(app).addPlugins(new cdkNag.AwsSolutionsChecks(app, { verbose: true }));
}

/**
 * Acknowledges cdk-nag findings on a construct (and what it contains), each with the reason it
 * is acceptable. cdk-nag 3 wants each finding by its full id, e.g. `AwsSolutions-IAM5[Resource::*]`.
 */
export function acknowledge(scope: IConstruct, findings: readonly { id: string; reason: string }[]): void {
  for (const finding of findings) Validations.of(scope).acknowledge(finding);
}
