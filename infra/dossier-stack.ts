import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { stateMachines } from '#functions/registry.js';
import { Api, Identity } from './constructs/api.js';
import { DataStore } from './constructs/data.js';
import { DocumentStore } from './constructs/documents.js';
import { DomainEvents } from './constructs/events.js';
import { Functions } from './constructs/functions.js';
import { stateMachineArn, Workflows } from './constructs/workflows.js';
import { acknowledge } from './nag.js';

/** Everything Dossier needs in one AWS account and region. */
export class DossierStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    // One customer-managed key for case data and documents, rotated yearly.
    const key = new Key(this, 'DataKey', { enableKeyRotation: true, description: 'Dossier case data and documents' });
    const data = new DataStore(this, 'Data', { key });
    const documents = new DocumentStore(this, 'Documents', {
      key,
      allowedOrigins: [this.node.tryGetContext('portalOrigin') ?? 'https://localhost'],
      // Ten years unless the deployment says otherwise (cdk deploy -c archiveRetentionDays=...).
      archiveRetentionDays: Number(this.node.tryGetContext('archiveRetentionDays') ?? 3650),
    });
    const events = new DomainEvents(this, 'Events');
    const identity = new Identity(this, 'Identity');
    const lambdas = new Functions(this, 'Functions', {
      table: data.table,
      documents: documents.bucket,
      archive: documents.archive,
      bus: events.bus,
      stateMachineArns: Object.fromEntries(stateMachines.map((m) => [m.id, stateMachineArn(this, m.id)])),
      userPoolId: identity.userPool.userPoolId,
      userPoolArn: identity.userPool.userPoolArn,
    });
    new Workflows(this, 'Workflows', { functions: lambdas.byId, bus: events.bus });
    new Api(this, 'Api', { functions: lambdas.byId, identity });
    acknowledge(this, [
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's own bucket-notification custom resource (it turns on S3 → EventBridge) uses the basic execution role; our functions have their own roles.",
      },
    ]);
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'DocumentsBucket', { value: documents.bucket.bucketName });
    new CfnOutput(this, 'ArchiveBucket', { value: documents.archive.bucketName });
  }
}
