import { Duration, Stack, type CfnElement } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { BACKLOG_ALERT } from '#shared/dashboard/dashboard.js';
import { documentUploadedPattern } from '#shared/documents/document-record.js';
import { domainEventPattern } from '#shared/events/patterns.js';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../nag.js';
import { Construct } from 'constructs';
import { functions, type FunctionSpec } from '#functions/registry.js';
import { DossierFunction } from './dossier-function.js';

export interface FunctionsProps {
  readonly key: IKey;
  readonly table: Table;
  readonly documents: Bucket;
  readonly archive: Bucket;
  /** Daily exports for reporting (gzipped JSON Lines, Glue tables). */
  readonly exports: Bucket;
  readonly bus: EventBus;
  /** ARNs by state machine id, built from their fixed names (see workflows.ts). */
  readonly stateMachineArns: Record<string, string>;
  readonly userPoolId: string;
  readonly userPoolArn: string;
  /** Notification e-mails: the From address and the ARN of the SES identity it belongs to. */
  readonly email: { readonly from: string; readonly identityArn: string };
  /**
   * The starter's bounds (cdk deploy -c caseStartBatchSize=... -c caseStartConcurrency=...): at most
   * batch × concurrency starts in flight, which keeps StartExecution under its quota. See docs/capacity.md.
   */
  readonly caseStarts?: { readonly batchSize?: number; readonly concurrency?: number };
  /** LONG_WAIT_SECONDS of the functions: a longer wait ends its execution (shared/workflows/long-waits.ts). */
  readonly longWaitSeconds?: number;
}

/** One Lambda per registry entry, each granted exactly what its `grants` list says. */
export class Functions extends Construct {
  readonly byId = new Map<string, DossierFunction>();
  /** Buffered intake: declare-case sends each new case's start here; the starter consumes it. */
  readonly caseStartQueue: Queue;
  /** Where a start goes after five failed receipts. */
  readonly caseStartDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const environment = {
      TABLE_NAME: props.table.tableName,
      DOCUMENTS_BUCKET: props.documents.bucketName,
      ARCHIVE_BUCKET: props.archive.bucketName,
      EXPORTS_BUCKET: props.exports.bucketName,
      EVENT_BUS_NAME: props.bus.eventBusName,
      STATE_MACHINES: Stack.of(this).toJsonString(props.stateMachineArns),
      USER_POOL_ID: props.userPoolId,
      LONG_WAIT_SECONDS: String(props.longWaitSeconds ?? 3600),
    };
    [this.caseStartQueue, this.caseStartDeadLetters] = this.caseStartQueueWithAlarms(props.key);
    for (const spec of functions) {
      // The user pool invokes its trigger, so the trigger must not refer back to the pool (a
      // dependency cycle): it learns the pool from the event and needs none of the rest.
      const env = spec.trigger === 'cognito-pre-token-generation' ? {} : environment;
      const fn = new DossierFunction(this, spec.id, { spec, environment: env, key: props.key });
      this.grant(fn, spec, props);
      if (spec.trigger === 'documents-object-created') this.onDocumentUploaded(fn, props.documents, props.key);
      if (spec.events?.length) this.onDomainEvents(fn, spec.events, props.bus, props.key);
      if (spec.trigger === 'case-start-queue') this.onCaseStarts(fn, props.caseStarts ?? {});
      if (spec.trigger === 'table-stream') this.onTableChanges(fn, props.table, props.key);
      if (spec.trigger === 'daily') {
        new Rule(this, `${spec.id}Daily`, {
          description: `${spec.description}, every night`,
          schedule: Schedule.cron({ minute: '30', hour: '2' }),
          targets: [new LambdaFunction(fn, { retryAttempts: 4 })],
        });
      }
      if (spec.trigger === 'every-few-minutes') {
        new Rule(this, `${spec.id}Schedule`, {
          description: `${spec.description}, every five minutes`,
          schedule: Schedule.rate(Duration.minutes(5)),
          targets: [new LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10) })],
        });
      }
      this.byId.set(spec.id, fn);
    }
    const stack = Stack.of(this);
    const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const why = {
      kms: 'CDK grants on our customer-managed key: GenerateDataKey*/ReEncrypt* cover the variants SSE-KMS needs, on that one key.',
      index: 'Read grants on the table include its own indexes (table/index/*), which every listing queries.',
      objects: 'Object-level grants are scoped to the documents bucket (bucket/*); the actions are the read set CDK grants.',
      executions: 'Describing executions of our own state machines: an execution ARN is only known once started.',
      any: 'X-Ray segments, task-token callbacks (SendTaskSuccess/Failure/Heartbeat) and CloudWatch GetMetricData (the start queue backlog) cannot be scoped to a resource.',
    };
    acknowledge(this, [
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: why.kms },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: why.kms },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(props.table)}.Arn>/index/*]`, reason: why.index },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(props.documents)}.Arn>/*]`, reason: why.objects },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(props.exports)}.Arn>/*]`, reason: 'The daily export writes its objects under dated keys of the exports bucket (bucket/*), nowhere else.' },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(props.archive)}.Arn>/*]`, reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetObject*]', reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:List*]', reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:Abort*]', reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: why.objects },
      ...Object.keys(props.stateMachineArns).map((id) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stack.stackName}-${id}:*]`,
        reason: why.executions,
      })),
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: why.any },
    ]);
  }

  /**
   * S3 sends object events to the account's default bus (the bucket has EventBridge turned on);
   * this rule hands uploads under cases/ to the function, retrying, with a dead-letter queue.
   */
  private onDocumentUploaded(fn: DossierFunction, documents: Bucket, key: IKey): void {
    const deadLetters = this.deadLetterQueue(fn, key, 'upload rule');
    const pattern = documentUploadedPattern(documents.bucketName);
    new Rule(this, `${fn.node.id}Uploads`, {
      description: 'Documents uploaded to the documents bucket',
      eventPattern: {
        source: pattern.source,
        detailType: pattern['detail-type'],
        detail: pattern.detail as unknown as Record<string, unknown>,
      },
      targets: [new LambdaFunction(fn, { deadLetterQueue: deadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
  }

  /**
   * Domain events the function consumes, from the case bus, retried for hours (a notification
   * late is better than none), then parked in a dead-letter queue that raises an alarm.
   */
  private onDomainEvents(fn: DossierFunction, detailTypes: readonly string[], bus: EventBus, key: IKey): void {
    const deadLetters = this.deadLetterQueue(fn, key, 'domain event rule');
    const pattern = domainEventPattern(detailTypes);
    new Rule(this, `${fn.node.id}Events`, {
      description: `${detailTypes.join(', ')} to ${fn.node.id}`,
      eventBus: bus,
      eventPattern: { source: pattern.source, detailType: pattern['detail-type'] },
      targets: [new LambdaFunction(fn, { deadLetterQueue: deadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
  }

  /**
   * The case start queue: a message per declared case, kept four days; five failed receipts send
   * it to a dead-letter queue (alarm at the first). Alarms on the backlog tell ops a surge is
   * building (depth) or draining too slowly (age of the oldest message): docs/capacity.md says
   * what to raise then.
   */
  private caseStartQueueWithAlarms(key: IKey): [Queue, Queue] {
    const deadLetters = new Queue(this, 'CaseStartDeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(deadLetters, [{ id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the case start queue.' }]);
    const queue = new Queue(this, 'CaseStarts', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // Six times the starter's timeout, as AWS advises for a Lambda consumer.
      visibilityTimeout: Duration.seconds(180),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    const alarm = (id: string, description: string, metric: ReturnType<Queue['metricApproximateNumberOfMessagesVisible']>, threshold: number) =>
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    alarm('CaseStartBacklogAlarm', 'A surge: more than 5,000 declared cases wait for their start (see the surge runbook in docs/capacity.md)',
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 5_000);
    // The ops dashboard raises its backlog alert at the same thresholds (BACKLOG_ALERT).
    alarm('CaseStartAgeAlarm', 'Declared cases wait more than 15 minutes for their start: the starter is too slow or failing',
      queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }), BACKLOG_ALERT.oldestAgeSeconds);
    new Alarm(this, 'CaseStartDeadLettersAlarm', {
      alarmDescription: 'A case start failed five times and waits in the dead-letter queue; the sweeper retries it once the queue is idle',
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: BACKLOG_ALERT.deadLetters,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return [queue, deadLetters];
  }

  /** The starter reads the queue in batches, with bounded concurrency, reporting failures one by one. */
  private onCaseStarts(fn: DossierFunction, bounds: { batchSize?: number; concurrency?: number }): void {
    const concurrency = bounds.concurrency ?? 2;
    fn.addEventSource(
      new SqsEventSource(this.caseStartQueue, {
        batchSize: bounds.batchSize ?? 10,
        maxBatchingWindow: Duration.seconds(1),
        maxConcurrency: concurrency,
        reportBatchItemFailures: true,
      }),
    );
    // Reserved as well: a surge of other functions never takes the starter's environments away,
    // and the starter never takes more than its share of the account's.
    (fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = concurrency;
  }

  /**
   * The table's stream, in batches of up to 1,000 records or a minute: few, larger Parquet files.
   * A failed batch is retried whole (the same records write the same files); after ten attempts its
   * description goes to a dead-letter queue (alarmed) from which it can be replayed while the stream
   * keeps it (24 hours). Not bisected: halves would name new files and count rows twice.
   */
  private onTableChanges(fn: DossierFunction, table: Table, key: IKey): void {
    const deadLetters = this.deadLetterQueue(fn, key, 'table stream');
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 1000,
        maxBatchingWindow: Duration.seconds(60),
        retryAttempts: 10,
        bisectBatchOnError: false,
        onFailure: new SqsDlq(deadLetters),
      }),
    );
  }

  /**
   * The key of the warehouse's member keys: generated at deploy, never in the template (a dynamic
   * reference resolved by CloudFormation into the function's environment). Not rotated: a new key
   * would give every member a new key and split their history in the warehouse.
   */
  private pseudonymKey(key: IKey): Secret {
    const existing = this.node.tryFindChild('PseudonymKey') as Secret | undefined;
    if (existing) return existing;
    const secret = new Secret(this, 'PseudonymKey', {
      description: 'Key of the member keys of the Dossier warehouse (HMAC); changing it re-keys every member',
      encryptionKey: key,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(secret, [{ id: 'AwsSolutions::AwsSolutions-SMG4', reason: 'Rotating the pseudonymisation key would give every member a new key and split their history in the warehouse.' }]);
    return secret;
  }

  /** A KMS-encrypted dead-letter queue, with an alarm as soon as one event lands in it. */
  private deadLetterQueue(fn: DossierFunction, key: IKey, of: string): Queue {
    const deadLetters = new Queue(this, `${fn.node.id}DeadLetters`, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(deadLetters, [{ id: 'AwsSolutions::AwsSolutions-SQS3', reason: `This queue is itself the dead-letter queue of the ${of}.` }]);
    new Alarm(this, `${fn.node.id}DeadLettersAlarm`, {
      alarmDescription: `Events for ${fn.node.id} gave up after every retry: they wait in its dead-letter queue for a person to look at them`,
      metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return deadLetters;
  }

  private grant(fn: DossierFunction, spec: FunctionSpec, props: FunctionsProps): void {
    const executionArns = Object.values(props.stateMachineArns).map((arn) => `${arn.replace(':stateMachine:', ':execution:')}:*`);
    for (const grant of spec.grants) {
      switch (grant) {
        case 'table:read':
          props.table.grantReadData(fn);
          break;
        case 'table:write':
          props.table.grantWriteData(fn);
          break;
        case 'documents:read':
          props.documents.grantRead(fn);
          break;
        case 'documents:write':
          props.documents.grantWrite(fn);
          break;
        case 'workflows:start':
          fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: Object.values(props.stateMachineArns) }));
          fn.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: executionArns }));
          break;
        case 'workflows:callback':
          fn.addToRolePolicy(
            new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: ['*'] }),
          );
          // A wait that outlived the long-wait threshold has no execution left to call back: the
          // callback starts the case's next execution instead (shared/workflows/long-waits.ts).
          fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: Object.values(props.stateMachineArns) }));
          break;
        case 'events:put':
          props.bus.grantPutEventsTo(fn);
          break;
        case 'archive:write':
          props.archive.grantPut(fn);
          break;
        case 'archive:read':
          props.archive.grantRead(fn);
          break;
        case 'directory:read':
          fn.addToRolePolicy(
            new PolicyStatement({
              actions: ['cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsersInGroup', 'cognito-idp:AdminGetUser'],
              resources: [props.userPoolArn],
            }),
          );
          break;
        case 'identity:read-mfa':
          // A policy of its own, not the role's default one, which the function depends on: the
          // pool depends on the function (trigger), and this grant on the pool.
          new Policy(this, `${spec.id}ReadMfa`, {
            roles: [fn.role!],
            statements: [new PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [props.userPoolArn] })],
          });
          break;
        case 'case-starts:send':
          this.caseStartQueue.grantSendMessages(fn);
          // The sweeper looks at the backlog before sending anything again.
          fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [this.caseStartQueue.queueArn] }));
          fn.addEnvironment('CASE_START_QUEUE_URL', this.caseStartQueue.queueUrl);
          break;
        case 'case-starts:read':
          // The dashboard's backlog: counts from both queues; the age of the oldest message exists
          // only as a CloudWatch metric, and GetMetricData cannot be scoped to a resource.
          fn.addToRolePolicy(
            new PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [this.caseStartQueue.queueArn, this.caseStartDeadLetters.queueArn] }),
          );
          fn.addToRolePolicy(new PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
          fn.addEnvironment('CASE_START_QUEUE_URL', this.caseStartQueue.queueUrl);
          fn.addEnvironment('CASE_START_DEAD_LETTER_QUEUE_URL', this.caseStartDeadLetters.queueUrl);
          break;
        case 'exports:write':
          props.exports.grantPut(fn);
          break;
        case 'pseudonym:read':
          fn.addEnvironment('PSEUDONYM_KEY', this.pseudonymKey(props.key).secretValue.unsafeUnwrap());
          break;
        case 'email:send':
          // Only from our own identity, whatever the code asks for.
          fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [props.email.identityArn] }));
          fn.addEnvironment('EMAIL_FROM', props.email.from);
          break;
      }
    }
  }
}
