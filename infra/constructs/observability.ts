import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { KPIS_PREFIX } from '#shared/dashboard/daily-export.js';
import { METRICS_NAMESPACE } from '#shared/observability/metrics.js';
import { REPORTING_DATABASE } from './warehouse.js';

export interface ObservabilityProps {
  readonly key: IKey;
  readonly table: Table;
  readonly accessLogs: Bucket;
  readonly stateMachineArns: readonly string[];
  /** Step Functions' open-executions quota of the account and region (1,000,000 unless raised). */
  readonly openExecutionsQuota?: number;
}

/**
 * What operations and reporting teams read: the exports bucket with its Glue tables (Athena
 * queries the daily JSON Lines), a CloudWatch dashboard, and alarms that tell an SNS topic.
 */
export class Observability extends Construct {
  readonly exports: Bucket;
  /** The Glue database of the reporting tables (the warehouse's stack adds its tables to it). */
  readonly reportingDatabase: CfnDatabase;
  readonly alarms: Topic;
  private readonly dashboard: Dashboard;
  private readonly stateMachineArns: readonly string[];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.stateMachineArns = props.stateMachineArns;
    this.exports = new Bucket(this, 'Exports', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'exports/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Partition projection on dt: Athena finds each day's folder without a crawler or MSCK REPAIR.
    const database = (this.reportingDatabase = new CfnDatabase(this, 'ReportingDatabase', {
      catalogId: stack.account,
      databaseInput: { name: REPORTING_DATABASE, description: 'Dossier reporting: the warehouse (Parquet, from the table\'s changes) and the daily KPI counters' },
    }));
    const jsonLinesTable = (name: string, prefix: string, columns: readonly { name: string; type: string }[]) => {
      const table = new CfnTable(this, name, {
        catalogId: stack.account,
        databaseName: REPORTING_DATABASE,
        tableInput: {
          name: name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(),
          tableType: 'EXTERNAL_TABLE',
          partitionKeys: [{ name: 'dt', type: 'string' }],
          parameters: {
            classification: 'json',
            compressionType: 'gzip',
            'projection.enabled': 'true',
            'projection.dt.type': 'date',
            'projection.dt.format': 'yyyy-MM-dd',
            'projection.dt.range': '2026-01-01,NOW',
            'storage.location.template': `s3://${this.exports.bucketName}/${prefix}/dt=\${dt}/`,
          },
          storageDescriptor: {
            location: `s3://${this.exports.bucketName}/${prefix}/`,
            inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
            columns: [...columns],
          },
        },
      });
      table.addDependency(database);
    };
    jsonLinesTable('KpiCounters', KPIS_PREFIX, [
      { name: 'day', type: 'string' },
      { name: 'counter', type: 'string' },
      { name: 'value', type: 'decimal(38,6)' },
    ]);

    this.alarms = new Topic(this, 'Alarms', { displayName: 'Dossier alarms', masterKey: props.key, enforceSSL: true });
    const notify = new SnsAction(this.alarms);
    const kpi = (metricName: string, statistic = 'Maximum') => new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: 'dossier' }, statistic, period: Duration.minutes(5) });
    // Every function and queue of the stack, found by name, so new ones appear without editing this.
    const search = (expression: string, label: string) => new MathExpression({ expression, label, usingMetrics: {}, period: Duration.minutes(5) });
    const lambdaErrors = search(`SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors" ${stack.stackName}', 'Sum', 300)`, 'Lambda errors');
    const lambdaThrottles = search(`SEARCH('{AWS/Lambda,FunctionName} MetricName="Throttles" ${stack.stackName}', 'Sum', 300)`, 'Lambda throttles');
    const deadLetters = search(`SEARCH('{AWS/SQS,QueueName} MetricName="ApproximateNumberOfMessagesVisible" DeadLetters', 'Maximum', 300)`, 'Dead-letter queues');
    const executions = (metricName: string) =>
      props.stateMachineArns.map((arn) => new Metric({ namespace: 'AWS/States', metricName, dimensionsMap: { StateMachineArn: arn }, statistic: 'Sum', period: Duration.minutes(5) }));
    const tableThrottles = new Metric({ namespace: 'AWS/DynamoDB', metricName: 'ThrottledRequests', dimensionsMap: { TableName: props.table.tableName }, statistic: 'Sum', period: Duration.minutes(5) });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${stack.stackName}-operations`,
      widgets: [
        [
          new GraphWidget({ title: 'Intake (cases received over the last hour)', left: [kpi('ReceivedLastHour')] }),
          new GraphWidget({ title: 'Open cases and backlog', left: [kpi('OpenCases'), kpi('Backlog')] }),
          new GraphWidget({ title: 'SLA: at risk and breached', left: [kpi('SlaAtRisk'), kpi('SlaBreached')] }),
        ],
        [
          new GraphWidget({ title: 'Errors', left: [lambdaErrors] }),
          new GraphWidget({ title: 'Throttles', left: [lambdaThrottles, tableThrottles] }),
          new GraphWidget({ title: 'Executions', left: [...executions('ExecutionsStarted'), ...executions('ExecutionsFailed')] }),
          new GraphWidget({ title: 'Dead-letter queue depth', left: [deadLetters] }),
        ],
      ],
    });

    const alarm = (name: string, description: string, metric: Metric, threshold: number) => {
      const created = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
    };
    alarm('DelayAlarm', 'The dashboard raises a delay alert: service levels breached, or too many at risk', kpi('DelayAlert'), 1);
    alarm('VolumeAlarm', 'The dashboard raises a volume alert: intake over the last hour far above the usual for that hour', kpi('VolumeAlert'), 1);
    alarm('BudgetAlarm', "The dashboard raises a budget alert: an envelope's forecast to year end exceeds its budget, or its consumption reached the alert share", kpi('BudgetAlert'), 1);
    // One case is one execution for its whole life (docs/capacity.md), so open cases are an upper
    // bound of open executions: at 80 % of the quota there are still days to have it raised.
    const quota = props.openExecutionsQuota ?? 1_000_000;
    alarm('OpenExecutionsNearQuotaAlarm', `Open cases (each holds an execution) at 80 % of the open-executions quota (${quota}): request an increase`, kpi('OpenCases'), Math.floor(quota * 0.8));
    alarm('TableThrottleAlarm', 'DynamoDB throttled requests on the case table', tableThrottles, 1);
    props.stateMachineArns.forEach((arn, i) =>
      alarm(`ExecutionsFailedAlarm${i}`, 'A case lifecycle execution failed', new Metric({ namespace: 'AWS/States', metricName: 'ExecutionsFailed', dimensionsMap: { StateMachineArn: arn }, statistic: 'Sum', period: Duration.minutes(5) }), 1),
    );
  }

  /**
   * The case start queue beside the starts it feeds: a backlog draining shows as the queue's
   * counts falling while executions start; one that does not, as throttling or an age that grows.
   * Added once the functions (which own the queue) exist.
   */
  watchCaseStarts(queue: Queue): void {
    const perMinute = { period: Duration.minutes(1), statistic: 'Maximum' };
    const total = (metricName: string, label: string) => {
      // Ids are unique within the graph: one prefix per expression.
      const id = (i: number) => `${metricName.toLowerCase()}${i}`;
      return new MathExpression({
        // Summed per minute over every lifecycle; SUM([...]) keeps minutes where only some have data.
        expression: `SUM([${this.stateMachineArns.map((_, i) => id(i)).join(', ')}])`,
        label,
        period: Duration.minutes(1),
        usingMetrics: Object.fromEntries(
          this.stateMachineArns.map((arn, i) => [id(i), new Metric({ namespace: 'AWS/States', metricName, dimensionsMap: { StateMachineArn: arn }, statistic: 'Sum', period: Duration.minutes(1) })]),
        ),
      });
    };
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Case starts: queue and executions',
        width: 24,
        left: [
          queue.metricApproximateNumberOfMessagesVisible({ ...perMinute, label: 'Starts waiting (visible)' }),
          queue.metricApproximateNumberOfMessagesNotVisible({ ...perMinute, label: 'Starts in flight (not visible)' }),
          total('ExecutionsStarted', 'Executions started'),
          total('ExecutionThrottled', 'Executions throttled'),
        ],
        right: [queue.metricApproximateAgeOfOldestMessage({ ...perMinute, label: 'Age of the oldest start (s)' })],
      }),
    );
  }
}
