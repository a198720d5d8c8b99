import { readFileSync } from 'node:fs';
import { App, NestedStack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, routes, stateMachines } from '#functions/registry.js';
import { DossierStack } from '#infra/dossier-stack.js';
import { checkAwsSolutions } from '#infra/nag.js';
import { definitionSubstitutions } from '#infra/constructs/workflows.js';
import { Warehouse } from '#infra/constructs/warehouse.js';
import { savedQueries } from '#shared/warehouse/saved-queries.js';
import { WAREHOUSE_TABLES } from '#shared/warehouse/tables.js';

let template: Template;
let routesTemplate: () => Template;
let app: App;

beforeAll(() => {
  // Bundling is skipped here (these tests read the template, not the code); `npm run synth` bundles.
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DossierStack(app, 'Dossier');
  checkAwsSolutions(app);
  template = Template.fromStack(stack);
  const routesStack = stack.node.findAll().find((c): c is NestedStack => c instanceof NestedStack && c.node.id === 'Routes')!;
  routesTemplate = () => Template.fromStack(routesStack);
});

describe('the AWS stack', () => {
  it('synthesises with cdk-nag AwsSolutions checks and no unacknowledged finding', () => {
    expect(() => app.synth()).not.toThrow();
  });

  it('keeps case data in an on-demand table with PITR, KMS encryption and a stream', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'gsi1' }), Match.objectLike({ IndexName: 'gsi3' })]),
    });
  });

  it('keeps documents versioned, KMS-encrypted, private and TLS-only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    const policies = template.findResources('AWS::S3::BucketPolicy');
    const denies = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s: any) => s.Effect === 'Deny');
    expect(denies.some((s: any) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });

  it('has two Standard state machines per ASL file, with every placeholder substituted: new cases start past the Resume Choice', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(2 * stateMachines.length);
    // Each machine gets exactly the placeholders its own file names (both machines of a file).
    const named = stateMachines.flatMap((m) => {
      const placeholders = [...new Set([...readFileSync(m.file, 'utf8').matchAll(/\$\{([A-Za-z]+)\}/g)].map((p) => p[1]!))].sort().join(',');
      return [placeholders, placeholders];
    });
    const substituted = machines.map((machine) => Object.keys(machine.Properties.DefinitionSubstitutions).sort().join(','));
    expect(substituted.sort()).toEqual(named.sort());
    for (const machine of machines) {
      expect(machine.Properties.StateMachineType).toBe('STANDARD');
      const placeholders = Object.keys(machine.Properties.DefinitionSubstitutions);
      expect(placeholders).toEqual(expect.arrayContaining(['ConcludeCaseFunctionArn', 'CreateTaskFunctionArn']));
      expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    }
    // Per file: the carry-on machine runs it from its Resume Choice; new cases' starts where Resume
    // sends a new case, without the Choice (one state transition less per case).
    const definitions = machines.map((machine) => JSON.parse(machine.Properties.DefinitionString as string) as { StartAt: string; States: Record<string, unknown> });
    for (const { file } of stateMachines) {
      const asl = JSON.parse(readFileSync(file, 'utf8'));
      const carryOn = definitions.filter((d) => d.StartAt === 'Resume' && JSON.stringify(d.States) === JSON.stringify(asl.States));
      const fresh = definitions.filter((d) => d.StartAt === asl.States.Resume.Default && !('Resume' in d.States) && Object.keys(d.States).every((name) => name in asl.States));
      expect([carryOn.length, fresh.length], file).toEqual([1, 1]);
    }
  });

  it('registers every case in its lifecycle: among the automatic steps, or in the first task', () => {
    for (const { file } of stateMachines) {
      const asl = readFileSync(file, 'utf8');
      expect(/"run": "register"/.test(asl) || /"register": true/.test(asl), file).toBe(true);
    }
  });

  it('refuses to synthesise a definition with a placeholder nothing resolves', () => {
    expect(() => definitionSubstitutions('{"x": "${MysteryFunctionArn}"}', () => undefined)).toThrow(/MysteryFunctionArn/);
  });

  it('deploys every registry function as ARM64 Node.js, with its own role', () => {
    const lambdas = Object.values(template.findResources('AWS::Lambda::Function')).filter((f: any) => functions.some((spec) => spec.description === f.Properties.Description));
    expect(lambdas).toHaveLength(functions.length);
    for (const fn of lambdas) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toMatch(/^nodejs/);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  it('routes every registry route, behind the Cognito JWT authorizer unless public, from a nested stack of routes', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    const apiRoutes = Object.values(routesTemplate().findResources('AWS::ApiGatewayV2::Route')).map((r: any) => r.Properties);
    expect(apiRoutes).toHaveLength(routes.length);
    for (const route of routes) {
      const found = apiRoutes.find((r) => r.RouteKey === `${route.method} ${route.path}`);
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      expect(found.AuthorizationType).toBe(route.auth === 'jwt' ? 'JWT' : 'NONE');
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  it('has no local-only route (login, _local) in AWS', () => {
    const keys = Object.values(routesTemplate().findResources('AWS::ApiGatewayV2::Route')).map((r: any) => String(r.Properties.RouteKey));
    expect(keys.filter((k) => k.includes('_local') || k.includes('auth/login'))).toEqual([]);
  });

  it("keeps a claimant's member number in a custom attribute the portal's client cannot write", () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', { Schema: Match.arrayWith([Match.objectLike({ Name: 'member_number', AttributeDataType: 'String', Mutable: true })]) });
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as any[];
    expect(client.Properties.WriteAttributes).toEqual(expect.arrayContaining(['email']));
    expect(client.Properties.WriteAttributes).not.toContain('custom:member_number');
  });

  it('creates the five role groups in the user pool', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g: any) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['agent', 'claimant', 'expert', 'ops', 'supervisor']);
  });

  it('grants no IAM action "*"', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    for (const statement of statements) {
      const actions = [statement.Action].flat();
      expect(actions).not.toContain('*');
    }
  });

  it('alarms before open cases, each holding an execution, reach the open-executions quota', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OpenCases', Threshold: 800_000, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('alarms on failed and timed-out executions', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties.MetricName);
    expect(alarms).toEqual(expect.arrayContaining(['ExecutionsFailed', 'ExecutionsTimedOut']));
  });
});

describe('the cdk-nag gate', () => {
  it('fails the synth on a finding nobody acknowledged', async () => {
    const { Stack } = await import('aws-cdk-lib');
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const gated = new App();
    new Bucket(new Stack(gated, 'Careless'), 'OpenBucket');
    checkAwsSolutions(gated);
    expect(() => gated.synth()).toThrow(/AwsSolutions-S/);
  });
});

describe('documents in AWS', () => {
  it('hands uploads from S3 (via EventBridge) to the arrival handler, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.s3'], 'detail-type': ['Object Created'] }),
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }) })],
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', { NotificationConfiguration: { EventBridgeConfiguration: {} } });
  });

  it('keeps the legal archive under Object Lock in compliance mode for ten years', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
    });
  });
});

describe('encryption and audit in AWS', () => {
  it('encrypts every log group and the dead-letter queue with the customer key', () => {
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups.length).toBeGreaterThan(functions.length);
    for (const group of logGroups) expect(group.Properties.KmsKeyId).toBeDefined();
    for (const queue of Object.values(template.findResources('AWS::SQS::Queue'))) expect(queue.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('records every object read and write on the document and archive buckets in CloudTrail', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EnableLogFileValidation: true,
      EventSelectors: [Match.objectLike({ IncludeManagementEvents: false, ReadWriteType: 'All', DataResources: [Match.objectLike({ Type: 'AWS::S3::Object' })] })],
    });
  });
});

describe('the daily digest of chain heads', () => {
  it('runs every night from an EventBridge schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 2 * * ? *)' });
  });
});

describe('notifications in AWS', () => {
  const consumers = functions.filter((f) => f.events?.length);
  const policyStatements = () =>
    Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement as any[]);

  it('hands each consumer its domain events from the case bus, with retries and a dead-letter queue', () => {
    expect(consumers.map((f) => f.id)).toContain('notify');
    for (const consumer of consumers) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: Match.anyValue(),
        EventPattern: { source: ['dossier.cases'], 'detail-type': [...consumer.events!] },
        Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }) })],
      });
    }
  });

  it('alarms as soon as an event lands in any dead-letter queue', () => {
    // Every queue but the case start queue (the one with a redrive policy) is a dead-letter queue.
    const allQueues = template.findResources('AWS::SQS::Queue');
    const queues = Object.keys(allQueues).filter((id) => !allQueues[id]!.Properties.RedrivePolicy);
    const dlqAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (a: any) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && queues.includes(a.Properties.Dimensions[0].Value['Fn::GetAtt'][0]),
    );
    // One per consumer rule, upload rule and table stream, and the case start queue's.
    expect(queues.length).toBe(consumers.length + functions.filter((f) => f.trigger === 'documents-object-created' || f.trigger === 'table-stream').length + 1);
    const watched = dlqAlarms.map((a: any) => a.Properties.Dimensions[0].Value['Fn::GetAtt'][0]);
    expect(new Set(watched)).toEqual(new Set(queues));
    for (const alarm of dlqAlarms as any[]) expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('lets EventBridge, for this account only, write to the encrypted dead-letter queues', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('sends e-mail only from the SES identity given as a parameter', () => {
    template.hasParameter('NotificationSenderIdentity', { Type: 'String' });
    template.hasParameter('NotificationFromAddress', { Type: 'String' });
    const sesStatements = policyStatements().filter((s) => [s.Action].flat().some((a: string) => a.startsWith('ses:')));
    expect(sesStatements.length).toBeGreaterThan(0);
    for (const statement of sesStatements) {
      expect(statement.Action).toBe('ses:SendEmail');
      expect(JSON.stringify(statement.Resource)).toContain(':identity/');
      expect(JSON.stringify(statement.Resource)).toContain('NotificationSenderIdentity');
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EMAIL_FROM: { Ref: 'NotificationFromAddress' } }) },
    });
  });

  it('reads group members and contacts from the user pool, and nothing else of it', () => {
    const directory = policyStatements().filter((s) => [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')));
    const actions = new Set(directory.flatMap((s) => [s.Action].flat()));
    expect(actions).toEqual(new Set(['cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsersInGroup', 'cognito-idp:AdminGetUser']));
    const [pool] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    for (const statement of directory) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
  });

  it('buffers intake: a KMS-encrypted start queue with a dead-letter queue, drained by the starter with bounded, reserved concurrency', () => {
    const queues = template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) } });
    expect(Object.keys(queues)).toHaveLength(1);
    const [startQueue] = Object.keys(queues);
    expect(queues[startQueue!]!.Properties).toMatchObject({ KmsMasterKeyId: expect.anything(), VisibilityTimeout: 180 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [startQueue, 'Arn'] },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^The starter'),
      ReservedConcurrentExecutions: 2,
    });
    // declare-case may send to it, and no longer start executions itself.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Stores a case as received'),
      Environment: { Variables: Match.objectLike({ CASE_START_QUEUE_URL: { Ref: startQueue } }) },
    });
  });

  it('lets the dashboard and the metrics read the start backlog: the counts of both queues and CloudWatch metrics, nothing more', () => {
    const allQueues = template.findResources('AWS::SQS::Queue');
    const startQueue = Object.keys(allQueues).find((id) => allQueues[id]!.Properties.RedrivePolicy)!;
    const deadLetters = allQueues[startQueue]!.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    const readers = functions.filter((f) => f.grants.includes('case-starts:read')).map((f) => f.id);
    expect(readers.sort()).toEqual(['get-dashboard', 'get-metrics']);
    const roles = template.findResources('AWS::IAM::Role');
    const lambdas = template.findResources('AWS::Lambda::Function');
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    for (const id of readers) {
      const [, fn] = Object.entries(lambdas).find(([, f]: [string, any]) => f.Properties.Description === functions.find((s) => s.id === id)!.description)!;
      expect(fn.Properties.Environment.Variables).toMatchObject({ CASE_START_QUEUE_URL: { Ref: startQueue }, CASE_START_DEAD_LETTER_QUEUE_URL: { Ref: deadLetters } });
      const role = fn.Properties.Role['Fn::GetAtt'][0];
      expect(roles[role]).toBeDefined();
      const statements = policies.filter((p) => p.Properties.Roles.some((r: any) => r.Ref === role)).flatMap((p) => p.Properties.PolicyDocument.Statement);
      expect(statements).toContainEqual(
        expect.objectContaining({ Action: 'sqs:GetQueueAttributes', Resource: [{ 'Fn::GetAtt': [startQueue, 'Arn'] }, { 'Fn::GetAtt': [deadLetters, 'Arn'] }] }),
      );
      expect(statements).toContainEqual(expect.objectContaining({ Action: 'cloudwatch:GetMetricData', Resource: '*' }));
      // Reading the backlog is not sending to it.
      expect(JSON.stringify(statements)).not.toContain('sqs:SendMessage');
    }
  });

  it('lets the functions that end a wait start the next execution of the machines, with the long-wait threshold set', () => {
    const lambdas = template.findResources('AWS::Lambda::Function');
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    const machineNames = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).map((m: any) => m.Properties.StateMachineName);
    const callers = functions.filter((f) => f.grants.includes('workflows:callback')).map((f) => f.id);
    expect(callers).toEqual(expect.arrayContaining(['complete-task', 'check-deadlines', 'withdraw-case']));
    for (const id of callers) {
      const [, fn] = Object.entries(lambdas).find(([, f]: [string, any]) => f.Properties.Description === functions.find((s) => s.id === id)!.description)!;
      expect((fn as any).Properties.Environment.Variables.LONG_WAIT_SECONDS).toBe('3600');
      const role = (fn as any).Properties.Role['Fn::GetAtt'][0];
      const statements = policies.filter((p) => p.Properties.Roles.some((r: any) => r.Ref === role)).flatMap((p) => p.Properties.PolicyDocument.Statement);
      const starts = statements.find((st: any) => st.Action === 'states:StartExecution');
      expect(starts, id).toBeDefined();
      // The machines' own ARNs, not '*'.
      expect(JSON.stringify(starts.Resource)).not.toContain('"*"');
      for (const name of machineNames) expect(JSON.stringify(starts.Resource)).toContain(name.split('-').slice(1).join('-'));
    }
  });

  it('shows the start queue beside the executions it feeds on the operations dashboard', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of ['ApproximateNumberOfMessagesVisible', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateAgeOfOldestMessage', 'ExecutionsStarted', 'ExecutionThrottled']) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('Case starts: queue and executions');
  });

  it('alarms on the start backlog: depth, age of the oldest message, dead letters', () => {
    for (const metric of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric, AlarmDescription: Match.stringLikeRegexp('start') });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmDescription: Match.stringLikeRegexp('dead-letter queue; the sweeper') });
  });
});

describe('the reporting warehouse in AWS', () => {
  const warehouse = () => Template.fromStack(app.node.findAll().find((c): c is Warehouse => c instanceof Warehouse)!);

  it("stays under CloudFormation's 500 resources a stack, the warehouse and the API's routes in nested stacks of their own", () => {
    expect(Object.keys(template.toJSON().Resources).length).toBeLessThan(500);
    expect(Object.keys(routesTemplate().toJSON().Resources).length).toBeLessThan(500);
    template.resourceCountIs('AWS::CloudFormation::Stack', 2);
  });

  it("exports the table's changes from its stream, whole batches retried, then dead-lettered", () => {
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 60,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: 10,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    // The member keys' key is generated, and never written in the template.
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) });
    const exporter = Object.values(template.findResources('AWS::Lambda::Function')).find((f: any) => f.Properties.Description?.startsWith("Exports the table's changes"))!;
    expect(JSON.stringify(exporter.Properties.Environment.Variables.PSEUDONYM_KEY)).toContain('{{resolve:secretsmanager:');
  });

  it('describes every warehouse table to Glue over its Parquet files, days by partition projection, identities apart', () => {
    const tables = Object.values(warehouse().findResources('AWS::Glue::Table')).map((t: any) => t.Properties);
    expect(tables.map((t) => t.TableInput.Name).sort()).toEqual(WAREHOUSE_TABLES.map((t) => t.name).sort());
    for (const spec of WAREHOUSE_TABLES) {
      const table = tables.find((t) => t.TableInput.Name === spec.name)!;
      expect(table.DatabaseName).toBe(spec.restricted ? 'dossier_reporting_restricted' : 'dossier_reporting');
      expect(table.TableInput.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
      expect(table.TableInput.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual(spec.columns.map((c) => c.name));
      expect(table.TableInput.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.dt.type': 'date', classification: 'parquet' });
    }
  });

  it('gives Athena a workgroup whose settings queries cannot override: encrypted results, a scan limit, the saved queries', () => {
    warehouse().hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'dossier-reporting',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: Match.objectLike({ EncryptionOption: 'SSE_KMS' }) }),
      }),
    });
    const named = Object.values(warehouse().findResources('AWS::Athena::NamedQuery')).map((q: any) => q.Properties);
    expect(named.map((q) => q.Name).sort()).toEqual(savedQueries().map((q) => q.name).sort());
    expect(named.every((q) => q.WorkGroup === 'dossier-reporting' && q.Database === 'dossier_reporting')).toBe(true);
  });
});

describe('deadlines and staff sign-in in AWS', () => {
  it('runs the deadline checker every five minutes from an EventBridge schedule', () => {
    const rules = Object.entries(template.findResources('AWS::Events::Rule')).filter(([, r]: [string, any]) => r.Properties.ScheduleExpression === 'rate(5 minutes)');
    // One schedule per every-few-minutes function of the registry, the deadline checker's among them.
    expect(rules).toHaveLength(functions.filter((f) => f.trigger === 'every-few-minutes').length);
    expect(rules.some(([id]) => id.startsWith('Functionscheckdeadlines'))).toBe(true);
  });

  it('offers TOTP to everyone and lets the pre-token trigger (V2) keep staff roles for those who use it', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: Match.anyValue() } },
    });
    // The trigger may read users of this pool, and only that.
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => [s.Action].flat().includes('cognito-idp:AdminGetUser') && [s.Action].flat().length === 1);
    const [pool] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    expect(statements).toHaveLength(1);
    expect(statements[0].Resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
  });
});

describe('the payment hand-off', () => {
  it('sends PaymentRequested to the finance bus given at deploy, and creates nothing when none is given', () => {
    template.hasParameter('PaymentTargetArn', { Type: 'String', Default: '' });
    template.hasResource('AWS::Events::Rule', {
      Condition: Match.stringLikeRegexp('HasPaymentTarget'),
      Properties: Match.objectLike({
        EventPattern: { source: ['dossier.cases'], 'detail-type': ['PaymentRequested'] },
        Targets: [Match.objectLike({ Arn: { Ref: 'PaymentTargetArn' }, RoleArn: Match.anyValue() })],
      }),
    });
  });
  it('describes the daily counters to Athena: a Glue table over dated, gzipped JSON Lines, found by partition projection', () => {
    template.resourceCountIs('AWS::Glue::Table', 1);
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'kpi_counters',
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        Parameters: Match.objectLike({ 'projection.enabled': 'true', 'projection.dt.type': 'date', compressionType: 'gzip' }),
      }),
    });
  });

  it('alarms on delay and volume alerts, throttles and failed executions, telling an encrypted SNS topic', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const [topic] = Object.keys(template.findResources('AWS::SNS::Topic'));
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((a) => JSON.stringify(a.Properties.AlarmActions ?? []).includes(topic!));
    const metrics = alarms.map((a) => a.Properties.MetricName);
    expect(metrics).toEqual(expect.arrayContaining(['DelayAlert', 'VolumeAlert', 'BudgetAlert', 'ThrottledRequests', 'ExecutionsFailed']));
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('the portal in AWS', () => {
  const distribution = () => {
    const [id, resource] = Object.entries(template.findResources('AWS::CloudFront::Distribution'))[0]!;
    return { id, config: resource.Properties.DistributionConfig };
  };
  const origin = (originId: string) => distribution().config.Origins.find((o: any) => o.Id === originId);
  const logicalId = (type: string) => Object.keys(template.findResources(type))[0]!;

  it('puts the WAF web ACL kept in us-east-1 in front of the distribution', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    expect(distribution().config.WebACLId).toEqual({ 'Fn::GetAtt': [logicalId('Custom::PortalWebAcl'), 'Arn'] });
  });

  it('serves the portal from its private bucket through Origin Access Control, HTTPS only, over HTTP/2 and 3', () => {
    const { config, id } = distribution();
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    const files = origin(config.DefaultCacheBehavior.TargetOriginId);
    const [bucketId] = files.DomainName['Fn::GetAtt'];
    expect(files.OriginAccessControlId).toBeDefined();
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    // No public access; only this distribution may read, over TLS.
    expect(template.findResources('AWS::S3::Bucket')[bucketId]!.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: 'portal/' },
    });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p: any) => p.Properties.Bucket.Ref === bucketId) as any;
    const statements = policy.Properties.PolicyDocument.Statement;
    const allows = statements.filter((s: any) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    expect(JSON.stringify(allows[0].Condition)).toContain(id);
    expect(statements.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
    expect(config.Logging).toMatchObject({ Prefix: 'portal-cdn/' });
  });

  it('sends strict security headers with every answer, the API\'s included', () => {
    const { config } = distribution();
    const policyId = logicalId('AWS::CloudFront::ResponseHeadersPolicy');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    expect(config.CacheBehaviors[0].ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    const headers = template.findResources('AWS::CloudFront::ResponseHeadersPolicy')[policyId]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-');
  });

  it('ships a build that its Content-Security-Policy allows: no inline script or style, only its own files', () => {
    const html = readFileSync('portal/dist/index.html', 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    for (const [, href] of html.matchAll(/\bhref="([^"]*)"/g)) expect(href).toMatch(/^\/assets\//);
  });

  it('answers deep links with index.html, and leaves the bundles alone', () => {
    const { config } = distribution();
    const [association] = config.DefaultCacheBehavior.FunctionAssociations;
    expect(association.EventType).toBe('viewer-request');
    const code = template.findResources('AWS::CloudFront::Function')[association.FunctionARN['Fn::GetAtt'][0]]!.Properties.FunctionCode;
    const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { uri: string };
    const uri = (path: string) => handler({ request: { uri: path, headers: {} } }).uri;
    expect(uri('/cases/01JAAAAAAAAAAAAAAAAAAAAAAA')).toBe('/index.html');
    expect(uri('/rules/reimbursement-rate.v2')).toBe('/index.html');
    expect(uri('/')).toBe('/index.html');
    expect(uri('/assets/index-abc.js')).toBe('/assets/index-abc.js');
    expect(uri('/config.json')).toBe('/config.json');
    // No distribution-wide error page: it would turn the API's own 403 and 404 into the app.
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('sends /api/* to the HTTP API uncached, with every method and every viewer header but Host', () => {
    const { config } = distribution();
    const behaviour = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(behaviour).toMatchObject({
      // Managed policies: CachingDisabled and AllViewerExceptHostHeader.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      ViewerProtocolPolicy: 'https-only',
    });
    expect(behaviour.AllowedMethods.sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    const api = origin(behaviour.TargetOriginId);
    expect(api.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(JSON.stringify(api.DomainName)).toContain(JSON.stringify({ Ref: logicalId('AWS::ApiGatewayV2::Api') }));
    expect(JSON.stringify(api.DomainName)).toContain('.execute-api.');
  });

  it('deploys the build, invalidates index.html, lets uploads come from the portal, and prints its URL', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/index.html'], Include: ['index.html'], Prune: false });
    template.hasResourceProperties('Custom::CDKBucketDeployment', { Exclude: ['index.html'], Prune: false });
    const portalUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution().id, 'DomainName'] }]] };
    template.hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: [portalUrl] })] } });
    const outputs = Object.values(template.findOutputs('*'));
    expect(outputs.some((o: any) => JSON.stringify(o.Value) === JSON.stringify(portalUrl))).toBe(true);
  });

  it('takes a custom domain with its certificate from the context, and then requires TLS 1.2', () => {
    const context = { 'aws:cdk:bundling-stacks': [], portalDomain: 'portal.dossier.example', portalCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' };
    const withDomain = new App({ context });
    const stack = new DossierStack(withDomain, 'Dossier');
    checkAwsSolutions(withDomain);
    expect(() => withDomain.synth()).not.toThrow();
    const custom = Template.fromStack(stack);
    custom.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['portal.dossier.example'],
        ViewerCertificate: { AcmCertificateArn: context.portalCertificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
    custom.hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://portal.dossier.example'] })] } });
    const { portalCertificateArn: _, ...withoutCertificate } = context;
    expect(() => new DossierStack(new App({ context: withoutCertificate }), 'Dossier')).toThrow(/portalCertificateArn/);
  });
});

describe('signing in to the portal in AWS', () => {
  it("deploys the user pool client's id with the portal, and lets the portal reach Cognito for it", () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    const config = deployments.find((d: any) => JSON.stringify(d.Properties.DistributionPaths ?? []).includes('/config.json'));
    expect(config).toBeDefined();
    const [client] = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(JSON.stringify(config)).toContain(client);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH']) });
    const headers = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).map((p: any) => JSON.stringify(p.Properties));
    expect(headers.some((h) => h.includes('connect-src') && h.includes('cognito-idp.'))).toBe(true);
  });
});
