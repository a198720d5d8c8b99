import { CfnOutput, CfnParameter, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { DocumentAccessTrail } from './constructs/audit.js';
import { PortalWebAcl } from './constructs/edge-protection.js';
import type { Construct } from 'constructs';
import { Api, Identity } from './constructs/api.js';
import { DataStore } from './constructs/data.js';
import { DocumentStore } from './constructs/documents.js';
import { DomainEvents } from './constructs/events.js';
import { Functions } from './constructs/functions.js';
import { Observability } from './constructs/observability.js';
import { Warehouse } from './constructs/warehouse.js';
import { deployedMachines, stateMachineArn, Workflows } from './constructs/workflows.js';
import { acknowledge } from './nag.js';
import { PaymentHandoff } from './constructs/payment-handoff.js';
import { Portal, type PortalDomain } from './constructs/portal.js';

/** Everything Dossier needs in one AWS account and region. */
export class DossierStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    // One customer-managed key for case data and documents, rotated yearly.
    const key = new Key(this, 'DataKey', { enableKeyRotation: true, description: 'Dossier case data, documents, queues and logs' });
    // Log groups are encrypted with it too: CloudWatch Logs may use it for this account's log groups only.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:*` } },
      }),
    );
    // EventBridge writes the events its rules gave up on into dead-letter queues encrypted with
    // this key: without this it could not, and those events would be lost. This account only.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const data = new DataStore(this, 'Data', { key });
    const documents = new DocumentStore(this, 'Documents', {
      key,
      // The portal's origin, known once the distribution is defined below (it fronts the API).
      allowedOrigins: [this.node.tryGetContext('portalOrigin') ?? Lazy.string({ produce: (): string => portal.origin })],
      // Ten years unless the deployment says otherwise (cdk deploy -c archiveRetentionDays=...).
      archiveRetentionDays: Number(this.node.tryGetContext('archiveRetentionDays') ?? 3650),
    });
    const events = new DomainEvents(this, 'Events');
    const identity = new Identity(this, 'Identity');
    // Notification e-mails go out through SES from an identity verified in the account; the
    // defaults are placeholders to replace at deploy (cdk deploy --parameters ...).
    const senderIdentity = new CfnParameter(this, 'NotificationSenderIdentity', {
      type: 'String',
      default: 'dossier.example',
      description: 'SES identity (verified domain or e-mail address) that notification e-mails are sent from',
    });
    const senderAddress = new CfnParameter(this, 'NotificationFromAddress', {
      type: 'String',
      default: 'no-reply@dossier.example',
      description: 'From address of notification e-mails; it must belong to the SES identity',
    });
    // Each definition file's machines (new cases' and the carry-on one), read once for every grant and alarm.
    const machineIds = deployedMachines().map((m) => m.id);
    const observability = new Observability(this, 'Observability', {
      key,
      table: data.table,
      accessLogs: documents.accessLogs,
      stateMachineArns: machineIds.map((id) => stateMachineArn(this, id)),
      openExecutionsQuota: Number(this.node.tryGetContext('openExecutionsQuota') ?? 1_000_000),
    });
    const lambdas = new Functions(this, 'Functions', {
      key,
      table: data.table,
      documents: documents.bucket,
      archive: documents.archive,
      exports: observability.exports,
      bus: events.bus,
      stateMachineArns: Object.fromEntries(machineIds.map((id) => [id, stateMachineArn(this, id)])),
      userPoolId: identity.userPool.userPoolId,
      userPoolArn: identity.userPool.userPoolArn,
      email: {
        from: senderAddress.valueAsString,
        identityArn: this.formatArn({ service: 'ses', resource: 'identity', resourceName: senderIdentity.valueAsString }),
      },
      caseStarts: {
        batchSize: Number(this.node.tryGetContext('caseStartBatchSize') ?? 10),
        concurrency: Number(this.node.tryGetContext('caseStartConcurrency') ?? 2),
      },
      // A wait that lasts longer ends its execution (docs/lifecycle.md); cdk deploy -c longWaitSeconds=...
      longWaitSeconds: Number(this.node.tryGetContext('longWaitSeconds') ?? 3600),
    });
    observability.watchCaseStarts(lambdas.caseStartQueue);
    const warehouse = new Warehouse(this, 'Warehouse', { exportsBucketName: observability.exports.bucketName, keyArn: key.keyArn });
    warehouse.nestedStackResource!.addDependency(observability.reportingDatabase);
    identity.requireMfaForStaff(lambdas.byId.get('pre-token-generation')!);
    new Workflows(this, 'Workflows', { functions: lambdas.byId, bus: events.bus, key });
    const api = new Api(this, 'Api', { functions: lambdas.byId, identity, key });
    const webAcl = new PortalWebAcl(this, 'PortalWebAcl', { key, rateLimitPer5Minutes: 2000 });
    // A custom domain is optional (cdk deploy -c portalDomain=... -c portalCertificateArn=...).
    const portalDomain = portalDomainFromContext(this);
    const portal = new Portal(this, 'Portal', { api: api.httpApi, webAclArn: webAcl.arn, logs: documents.accessLogs, domain: portalDomain, signIn: { userPoolClientId: identity.client.userPoolClientId } });
    new DocumentAccessTrail(this, 'DocumentAccessTrail', { documents: documents.bucket, archive: documents.archive, logs: documents.accessLogs });
    new PaymentHandoff(this, 'PaymentHandoff', { bus: events.bus });
    acknowledge(this, [
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's own bucket-notification custom resource (it turns on S3 → EventBridge) uses the basic execution role; our functions have their own roles.",
      },
    ]);
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'DocumentsBucket', { value: documents.bucket.bucketName });
    new CfnOutput(this, 'ArchiveBucket', { value: documents.archive.bucketName });
    new CfnOutput(this, 'ExportsBucket', { value: observability.exports.bucketName });
    new CfnOutput(this, 'AlarmTopic', { value: observability.alarms.topicArn });
  }
}

/** The portal's custom domain, if the deployment names one; its certificate must come with it. */
function portalDomainFromContext(scope: Construct): PortalDomain | undefined {
  const name: string | undefined = scope.node.tryGetContext('portalDomain');
  if (!name) return undefined;
  const certificateArn: string | undefined = scope.node.tryGetContext('portalCertificateArn');
  if (!certificateArn) throw new Error('context portalDomain needs portalCertificateArn too (an ACM certificate in us-east-1 for that name)');
  return { name, certificateArn };
}
