import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '#functions/registry.js';
import { BUNDLE_ALIASES, BUNDLE_BANNER, BUNDLE_MAIN_FIELDS, BUNDLE_TARGET } from '../bundling/lambda-bundle.js';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/**
 * Every Lambda of the project, with the defaults in one place: Node.js on ARM64, an ESM bundle
 * made by the project's own esbuild (no Docker), X-Ray tracing, JSON logs kept 90 days.
 */
export class DossierFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: { spec: FunctionSpec; environment: Record<string, string>; key: IKey }) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS, encryptionKey: props.key });
    // Its own role, allowed to write to its own log group only (not the managed basic role,
    // which may write to any log group).
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      entry: join(PROJECT_ROOT, props.spec.entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      description: props.spec.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.spec.memoryMb ?? 512,
      timeout: Duration.seconds(props.spec.timeoutSeconds ?? 30),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'dossier',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        minify: true,
        sourceMap: true,
        // Bundle the SDK too: the versions we test with are the versions that run.
        externalModules: [],
        mainFields: BUNDLE_MAIN_FIELDS,
        banner: BUNDLE_BANNER,
        esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([module, path]) => `${module}=${path}`) },
        // The decision tables' first versions travel with the code (shared/rules/bundled-rules.ts).
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // So do the notifications' translations (shared/notifications/locale-resources.ts), at the same path.
          afterBundling: (inputDir: string, outputDir: string) => [
            `cp -R "${join(inputDir, 'rules')}" "${join(outputDir, 'rules')}"`,
            `mkdir -p "${join(outputDir, 'shared', 'notifications')}" && cp -R "${join(inputDir, 'shared', 'notifications', 'locales')}" "${join(outputDir, 'shared', 'notifications', 'locales')}"`,
          ],
        },
      },
    });
  }
}
