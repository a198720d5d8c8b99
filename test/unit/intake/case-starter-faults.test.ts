import { ExecutionAlreadyExists, ExecutionLimitExceeded, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/workflow/start-cases.js';
import { withBackoff } from '#shared/aws/backoff.js';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { resetConfigForTests } from '#shared/config.js';

// A surge meets Step Functions' StartExecution quota and DynamoDB's partition limits: both answer
// with throttling errors. The starter must wait and retry, and what it cannot start now must come
// back through the queue, so that no declared case is left unstarted.
const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);

const throttled = (name = 'ThrottlingException') => Object.assign(new Error('Rate exceeded'), { name });
const caseIds = ['01JAAAAAAAAAAAAAAAAAAAAAA1', '01JAAAAAAAAAAAAAAAAAAAAAA2', '01JAAAAAAAAAAAAAAAAAAAAAA3'];
const receivedCase = (caseId: string) => ({ Items: [{ pk: `CASE#${caseId}`, sk: 'CASE', caseId, type: 'occupational-disease', status: 'received' }] });
// The case is read with one Query of its item and its head item (shared/cases/case-repository.ts).
const queriedId = (input: { ExpressionAttributeValues: Record<string, string> }) => input.ExpressionAttributeValues[':pk']!.slice('CASE#'.length);

function sqsEvent(ids: readonly string[], receiveCount = 1): SQSEvent {
  return {
    Records: ids.map((caseId) => ({
      messageId: `m-${caseId}`,
      receiptHandle: `r-${caseId}`,
      body: JSON.stringify({ caseId }),
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-3:1:case-starts',
      awsRegion: 'eu-west-3',
    })),
  };
}

const run = (event: SQSEvent) => handler(event, {} as Context) as Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
const startedNames = () => sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input.name);

beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  Object.assign(process.env, {
    TABLE_NAME: 'dossier',
    STATE_MACHINES: JSON.stringify({ 'occupational-disease': 'arn:aws:states:eu-west-3:1:stateMachine:od' }),
  });
  resetConfigForTests();
  resetClientsForTests();
  dynamo.on(QueryCommand).callsFake(async (input: { ExpressionAttributeValues: Record<string, string> }) => receivedCase(queriedId(input)));
});

describe('backoff', () => {
  it('waits longer after each throttling error, capped, and gives up with the error after the last attempt', async () => {
    const delays: number[] = [];
    let calls = 0;
    const always = withBackoff(
      async () => {
        calls++;
        throw throttled();
      },
      { attempts: 6, baseMs: 100, capMs: 1_000, random: () => 1, sleep: async (ms) => void delays.push(ms) },
    );
    await expect(always).rejects.toThrow('Rate exceeded');
    expect(calls).toBe(6);
    expect(delays).toEqual([200, 400, 800, 1_000, 1_000]);
  });

  it('does not retry an error that is not throttling', async () => {
    let calls = 0;
    const failing = withBackoff(async () => {
      calls++;
      throw Object.assign(new Error('no'), { name: 'ValidationException' });
    }, { sleep: async () => undefined });
    await expect(failing).rejects.toThrow('no');
    expect(calls).toBe(1);
  });
});

describe('the starter under throttling', () => {
  it('retries a throttled StartExecution with backoff and starts every case of the batch', async () => {
    sfn.on(StartExecutionCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ executionArn: 'arn' });
    const result = await run(sqsEvent(caseIds));
    expect(result.batchItemFailures).toEqual([]);
    expect(new Set(startedNames())).toEqual(new Set(caseIds));
    expect(startedNames()).toHaveLength(caseIds.length + 2);
  });

  it('retries throttled DynamoDB reads of the case, then starts it', async () => {
    dynamo.on(QueryCommand)
      .rejectsOnce(throttled('ProvisionedThroughputExceededException'))
      .rejectsOnce(throttled('ProvisionedThroughputExceededException'))
      .callsFake(async (input: { ExpressionAttributeValues: Record<string, string> }) => receivedCase(queriedId(input)));
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
    const result = await run(sqsEvent([caseIds[0]!]));
    expect(result.batchItemFailures).toEqual([]);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(3);
    expect(startedNames()).toEqual([caseIds[0]]);
  });

  it('hands back only the message it could not start, and starts it when the queue delivers it again', async () => {
    const stuck = caseIds[1]!;
    sfn.on(StartExecutionCommand).callsFake(async (input: { name: string }) => {
      if (input.name === stuck) throw throttled();
      return { executionArn: `arn:${input.name}` };
    });
    const first = await run(sqsEvent(caseIds));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: `m-${stuck}` }]);

    // The quota has room again when the visibility timeout brings the message back.
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn' });
    const again = await run(sqsEvent([stuck], 2));
    expect(again.batchItemFailures).toEqual([]);
    expect(startedNames()).toEqual([stuck]);
  });

  it('hands back every message when the account has reached its open-executions limit, without retrying in the function', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionLimitExceeded({ message: 'Maximum open executions reached', $metadata: {} }));
    const result = await run(sqsEvent(caseIds));
    // The limit does not lift in seconds: each message goes back to the queue (then the dead-letter
    // queue, from which the sweeper re-enqueues its case), none is lost or counted as started.
    expect(result.batchItemFailures).toEqual(caseIds.map((id) => ({ itemIdentifier: `m-${id}` })));
    expect(startedNames()).toEqual(caseIds);
  });

  it('counts an execution that already exists as started, and skips a case started already', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    dynamo.on(QueryCommand).callsFake(async (input: { ExpressionAttributeValues: Record<string, string> }) => {
      const caseId = queriedId(input);
      return caseId === caseIds[2] ? { Items: [{ ...receivedCase(caseId).Items[0], status: 'qualification' }] } : receivedCase(caseId);
    });
    const result = await run(sqsEvent(caseIds));
    expect(result.batchItemFailures).toEqual([]);
    expect(startedNames()).toEqual([caseIds[0], caseIds[1]]);
  });

  it('sends a message that is not a case start to the failures (and so, in time, to the dead-letter queue)', async () => {
    const event = sqsEvent([caseIds[0]!]);
    event.Records[0]!.body = '{"caseId":"../../etc"}';
    const result = await run(event);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: `m-${caseIds[0]}` }]);
    expect(startedNames()).toEqual([]);
  });
});
