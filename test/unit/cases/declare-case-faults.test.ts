import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { declareCase } from '#shared/cases/declare-case.js';
import { resetConfigForTests } from '#shared/config.js';

// Faults that DynamoDB Local and the local runner cannot produce on demand: a lost idempotency
// race, a start queue that refuses, a throttled transaction.
const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);

const claimant = { userId: 'sub-1', username: 'claimant1', roles: ['claimant'] as const };
const body = {
  type: 'occupational-disease',
  data: {
    claimant: { firstName: 'Ana', lastName: 'Silva', birthDate: '1980-01-01', email: 'ana@example.org' },
    employer: { name: 'Acme' },
    disease: { description: 'Une description assez longue.', firstMedicalObservation: '2026-01-01' },
    contributionMonths: 12,
  },
};

beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  sqs.reset();
  Object.assign(process.env, {
    TABLE_NAME: 'dossier',
    STATE_MACHINES: JSON.stringify({ 'occupational-disease': 'arn:aws:states:eu-west-3:1:stateMachine:od' }),
    CASE_START_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/1/case-starts',
    // No decision tables here: these tests are about the case's own writes.
    RULES_DIR: 'test/unit/cases/no-rules',
  });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  resetConfigForTests();
  resetClientsForTests();
});

afterEach(() => {
  delete process.env.RULES_DIR;
});

describe('declaring a case when things go wrong', () => {
  it('answers with the case of the request that won an idempotency race', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    // First look-up (before writing): nothing yet; second (after losing): the winner's marker.
    let markerReads = 0;
    dynamo.on(GetCommand).callsFake(async (input: { Key: { pk: string } }) => {
      if (input.Key.pk.startsWith('IDEMPOTENCY#')) {
        markerReads++;
        if (markerReads === 1) return {};
        const { createHash } = await import('node:crypto');
        const canonicalize = (await import('canonicalize')).default;
        return { Item: { caseId: 'WINNER', requestHash: createHash('sha256').update(canonicalize(body)!).digest('hex'), expiresAt: 9e9 } };
      }
      return {};
    });
    dynamo.on(QueryCommand).resolves({ Items: [{ sk: 'CASE', caseId: 'WINNER', type: 'occupational-disease', status: 'received' }] });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    const result = await declareCase(claimant as never, body, 'key-1');
    expect(result).toMatchObject({ replayed: true, record: { caseId: 'WINNER' } });
    // The winner may have died before enqueueing: a second start message is harmless.
    expect(JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!)).toEqual({ caseId: 'WINNER' });
  });

  it('enqueues the start of the stored case (its id only) and starts nothing itself', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const result = await declareCase(claimant as never, body, undefined);
    expect(result).toMatchObject({ replayed: false, record: { status: 'received' } });
    expect(JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!)).toEqual({ caseId: result.record.caseId });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('retries a throttled send with backoff, and still answers with the stored case when the queue stays down', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolvesOnce({ MessageId: 'm-1' });
    await declareCase(claimant as never, body, undefined);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(2);

    // The case is stored: the sweeper sends its start once the queue answers again.
    sqs.reset();
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('down'), { name: 'InternalError' }));
    const stored = await declareCase(claimant as never, body, undefined);
    expect(stored.record.status).toBe('received');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('enqueues nothing when the case could not be written', async () => {
    dynamo.on(PutCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(declareCase(claimant as never, body, undefined)).rejects.toThrow('Rate exceeded');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('writes the case, carrying its first history entry, and the idempotency marker in one transaction', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await declareCase(claimant as never, body, 'key-2');
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => (i.Put!.Item as { sk: string }).sk)).toEqual(['IDEMPOTENCY', 'CASE']);
    const stored = items[1]!.Put!.Item as { status: string; historySeq: number; historyHead: string; pendingHistory: { seq: number; action: string; hash: string }[] };
    expect(stored).toMatchObject({ status: 'received', historySeq: 1 });
    expect(stored.pendingHistory).toEqual([expect.objectContaining({ seq: 1, action: 'case.declared', hash: stored.historyHead })]);
  });

  it('writes a declaration without a key as the case item alone: no counters, decisions or deadlines yet', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const { record } = await declareCase(claimant as never, body, undefined);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const [put] = dynamo.commandCalls(PutCommand);
    expect(put!.args[0].input).toMatchObject({ Item: { sk: 'CASE', caseId: record.caseId }, ConditionExpression: 'attribute_not_exists(pk)' });
    // What the API answers is the case, not the storage's carried entry.
    expect(record).not.toHaveProperty('pendingHistory');
  });
});
