import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { BatchGetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import Ajv2020 from 'ajv/dist/2020.js';
import { mockClient } from 'aws-sdk-client-mock';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as getDashboard } from '#functions/dashboard/get-dashboard.js';
import { handler as getMetrics } from '#functions/dashboard/get-metrics.js';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { resetConfigForTests } from '#shared/config.js';
import type { ApiEvent } from '#shared/http/api-handler.js';
import { buildOpenApiDocument } from '#shared/http/openapi.js';
import { readCaseStartFigures } from '#shared/intake/case-start-backlog.js';
import { logger } from '#shared/observability/logger.js';

// The AWS road of the case start backlog: counts from SQS, the age of the oldest message from
// CloudWatch. What the local emulator cannot do on demand: no datapoint yet, a refused call.
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const cloudWatch = mockClient(CloudWatchClient);

const QUEUE_URL = 'https://sqs.eu-west-3.amazonaws.com/111122223333/Dossier-FunctionsCaseStarts-AbC123';
const DLQ_URL = 'https://sqs.eu-west-3.amazonaws.com/111122223333/Dossier-FunctionsCaseStartDeadLetters-XyZ789';
const context = { awsRequestId: 'req-1', functionName: 'get-dashboard', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const asRole = (role: string) =>
  ({
    version: '2.0',
    routeKey: 'GET /api/dashboard',
    rawPath: '/api/dashboard',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { authorizer: { jwt: { claims: { sub: `${role}-id`, username: `${role}1`, 'cognito:groups': `[${role}]` }, scopes: [] } }, http: { method: 'GET' } },
  }) as unknown as ApiEvent;

function queues(waiting: number, inFlight: number, deadLetters: number) {
  sqs.on(GetQueueAttributesCommand, { QueueUrl: QUEUE_URL }).resolves({ Attributes: { ApproximateNumberOfMessages: String(waiting), ApproximateNumberOfMessagesNotVisible: String(inFlight) } });
  sqs.on(GetQueueAttributesCommand, { QueueUrl: DLQ_URL }).resolves({ Attributes: { ApproximateNumberOfMessages: String(deadLetters) } });
}
/** CloudWatch's answer, newest datapoint first (ScanBy TimestampDescending). */
const ages = (...values: number[]) =>
  cloudWatch.on(GetMetricDataCommand).resolves({
    MetricDataResults: [{ Id: 'oldest', StatusCode: 'Complete', Values: values, Timestamps: values.map((_, i) => new Date(Date.UTC(2026, 10, 25, 10, 10 - i))) }],
  });
// The portal's types come from the OpenAPI document: the answers must match it, nulls included.
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, validateFormats: false });
const dashboardContract = ajv.compile(
  (buildOpenApiDocument() as { paths: Record<string, any> }).paths['/api/dashboard'].get.responses['200'].content['application/json'].schema,
);
const matchesContract = (body: unknown) => {
  dashboardContract(body);
  return dashboardContract.errors ?? [];
};
const refused = (name: string, message: string) => Object.assign(new Error(message), { name });

beforeEach(() => {
  dynamo.reset();
  sqs.reset();
  cloudWatch.reset();
  // No counters: the dashboard's own figures are all zero.
  dynamo.on(BatchGetItemCommand).resolves({ Responses: { dossier: [] } });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  Object.assign(process.env, { TABLE_NAME: 'dossier', CASE_START_QUEUE_URL: QUEUE_URL, CASE_START_DEAD_LETTER_QUEUE_URL: DLQ_URL });
  resetConfigForTests();
  resetClientsForTests();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the case start backlog in AWS', () => {
  it('takes the counts from SQS and the latest age of the oldest message from CloudWatch, by queue name', async () => {
    queues(42, 3, 0);
    ages(1_200.4, 600, 300);
    expect(await readCaseStartFigures()).toEqual({ waiting: 42, inFlight: 3, oldestAgeSeconds: 1_200, deadLetters: 0 });
    const [call] = cloudWatch.commandCalls(GetMetricDataCommand);
    const input = call!.args[0].input;
    expect(input.ScanBy).toBe('TimestampDescending');
    expect(input.MetricDataQueries![0]!.MetricStat).toMatchObject({
      Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: 'Dossier-FunctionsCaseStarts-AbC123' }] },
      Stat: 'Maximum',
    });
    expect(input.EndTime!.getTime() - input.StartTime!.getTime()).toBeLessThanOrEqual(10 * 60_000);
  });

  it('gives no age when CloudWatch has no datapoint (an idle queue publishes none)', async () => {
    queues(0, 0, 0);
    ages();
    expect(await readCaseStartFigures()).toEqual({ waiting: 0, inFlight: 0, oldestAgeSeconds: null, deadLetters: 0 });
  });

  it('shows a figure it cannot read as unavailable, logs the error name only, and the dashboard still answers', async () => {
    const warn = vi.spyOn(logger, 'warn');
    sqs.on(GetQueueAttributesCommand, { QueueUrl: QUEUE_URL }).rejects(refused('AccessDenied', `User arn:aws:sts::111122223333:assumed-role/x is not authorized on ${QUEUE_URL}`));
    sqs.on(GetQueueAttributesCommand, { QueueUrl: DLQ_URL }).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
    cloudWatch.on(GetMetricDataCommand).rejects(refused('ThrottlingException', 'Rate exceeded'));

    const response = await getDashboard(asRole('ops'), context);
    expect(response.statusCode).toBe(200);
    const dashboard = JSON.parse(response.body ?? '{}');
    expect(dashboard.caseStarts).toEqual({ waiting: null, inFlight: null, oldestAgeSeconds: null, deadLetters: 0 });
    expect(dashboard.openCases.total).toBe(0);
    expect(dashboard.alerts).toEqual([]);
    expect(matchesContract(dashboard)).toEqual([]);
    expect(warn.mock.calls).toEqual(
      expect.arrayContaining([
        ['case start backlog figure unavailable', { figure: 'queue', error: 'AccessDenied' }],
        ['case start backlog figure unavailable', { figure: 'oldestAge', error: 'ThrottlingException' }],
      ]),
    );
    expect(JSON.stringify(warn.mock.calls)).not.toContain('not authorized');
  });

  it('raises a warning when the oldest start has waited 15 minutes, and a critical alert at the first dead letter', async () => {
    queues(5_000, 20, 0);
    ages(899);
    const fresh = JSON.parse((await getDashboard(asRole('supervisor'), context)).body ?? '{}');
    expect(fresh.caseStarts.oldestAgeSeconds).toBe(899);
    expect(fresh.alerts).toEqual([]);

    ages(900);
    const stale = JSON.parse((await getDashboard(asRole('supervisor'), context)).body ?? '{}');
    expect(stale.alerts).toEqual([
      { kind: 'backlog', level: 'warning', oldestAgeSeconds: 900, deadLetters: 0, thresholds: { oldestAgeSeconds: 900, deadLetters: 1 } },
    ]);

    queues(0, 0, 1);
    ages(0);
    const failed = JSON.parse((await getDashboard(asRole('ops'), context)).body ?? '{}');
    expect(failed.alerts).toEqual([expect.objectContaining({ kind: 'backlog', level: 'critical', deadLetters: 1 })]);
    for (const answer of [fresh, stale, failed]) expect(matchesContract(answer)).toEqual([]);
  });

  it('serves the figures as OpenMetrics gauges, leaving out one it could not read rather than showing 0', async () => {
    queues(7, 2, 1);
    cloudWatch.on(GetMetricDataCommand).rejects(refused('AccessDeniedException', 'denied'));
    const response = await getMetrics(asRole('ops'), context);
    expect(response.statusCode).toBe(200);
    const families = parsePrometheusTextFormat((response.body ?? '').replace(/# EOF\n?$/, ''));
    const value = (name: string) => families.find((f) => f.name === name)?.metrics[0]?.value;
    expect(value('dossier_case_starts_waiting')).toBe('7');
    expect(value('dossier_case_starts_in_flight')).toBe('2');
    expect(value('dossier_case_starts_dead_letters')).toBe('1');
    expect(families.map((f) => f.name)).not.toContain('dossier_case_starts_oldest_age_seconds');
    const alert = families.find((f) => f.name === 'dossier_alert_active')!.metrics.find((m) => m.labels?.kind === 'backlog');
    expect(alert?.value).toBe('1');
  });
});
