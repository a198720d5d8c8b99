import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { resetConfigForTests } from '#shared/config.js';
import { completeTask } from '#shared/tasks/task-actions.js';
import type { TaskRecord } from '#shared/tasks/task-record.js';

// What DynamoDB Local and the local runner cannot do on demand: throttle, lose a conditional
// write to someone else, or answer that a task token expired.
const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const events = mockClient(EventBridgeClient);

const agent = { userId: 'u-agent1', username: 'agent1', roles: ['agent'] as const };
const baseTask: TaskRecord = {
  taskId: 'TABCDEF0123456789ABCDEF012',
  caseId: '01JCASE0000000000000000000',
  caseType: 'occupational-disease',
  kind: 'qualification',
  title: { en: 'Qualify', fr: 'Qualifier' },
  status: 'assigned',
  queue: 'agent',
  assignee: 'agent1',
  dueAt: '2030-01-01T00:00:00.000Z',
  outcomes: ['accept', 'request-documents', 'reject'],
  priority: 'normal',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
  adhoc: false,
  taskToken: 'token-1',
};
const caseItem = { sk: 'CASE', caseId: baseTask.caseId, type: 'occupational-disease', status: 'qualification', version: 2, itemSeq: 3 };
const headItem = { sk: 'CASE#HEAD', caseId: baseTask.caseId, historySeq: 4, historyHead: 'h'.repeat(64), updatedAt: '2026-01-01T00:00:00.000Z' };

function withTask(task: TaskRecord) {
  dynamo.on(GetCommand).callsFake(async () => ({ Item: task }));
  // The case: one Query of its item and its head item.
  dynamo.on(QueryCommand).resolves({ Items: [caseItem, headItem] });
}

const transactionItems = () =>
  dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!.find((i) => i.Put?.Item?.entity === 'task')?.Put?.Item?.status);
/** The hand-over's mark: the task item alone, outside any transaction with the case. */
const taskMarks = () => dynamo.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.status);

beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  events.reset();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
  process.env.TABLE_NAME = 'dossier';
  resetConfigForTests();
  resetClientsForTests();
});

describe('completing a task when things go wrong', () => {
  it('records the outcome, hands it to the workflow, then marks the task completed', async () => {
    withTask(baseTask);
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});
    const done = await completeTask(agent as never, baseTask.taskId, { outcome: 'accept' });
    expect(done.status).toBe('completed');
    expect(transactionItems()).toEqual(['completing']);
    expect(taskMarks()).toEqual(['completed']);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({ ConditionExpression: '#version = :expected', ExpressionAttributeValues: { ':expected': baseTask.version + 1 } });
    expect(JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!)).toMatchObject({ outcome: 'accept', completedBy: 'agent1' });
    const published = events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries![0]!);
    expect(published.map((e) => e.DetailType)).toEqual(['TaskCompleted']);
  });

  it('answers 409 when someone else changed the task first (conditional check failed)', async () => {
    withTask(baseTask);
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
    );
    await expect(completeTask(agent as never, baseTask.taskId, { outcome: 'accept' })).rejects.toMatchObject({ status: 409 });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('keeps the task completable when the workflow is throttled, and a retry finishes it', async () => {
    withTask(baseTask);
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(completeTask(agent as never, baseTask.taskId, { outcome: 'accept' })).rejects.toMatchObject({ status: 503 });
    expect(transactionItems()).toEqual(['completing']);

    // The assignee completes again: the task is `completing` with the same outcome.
    dynamo.reset();
    withTask({ ...baseTask, status: 'completing', outcome: 'accept', completedBy: 'agent1', version: 4 });
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.reset();
    sfn.on(SendTaskSuccessCommand).resolves({});
    const done = await completeTask(agent as never, baseTask.taskId, { outcome: 'accept' });
    expect(done.status).toBe('completed');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('gives the task as it stands when its mark lost to another write after the hand-over', async () => {
    withTask(baseTask);
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    sfn.on(SendTaskSuccessCommand).resolves({});
    // Someone (the deadline checker's sweep) finished the hand-over meanwhile: the task reads completed.
    dynamo.on(GetCommand).resolvesOnce({ Item: baseTask }).resolves({ Item: { ...baseTask, status: 'completed', version: 5 } });
    const done = await completeTask(agent as never, baseTask.taskId, { outcome: 'accept' });
    expect(done).toMatchObject({ status: 'completed' });
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('closes the task with 409 when its token expired (the case moved on without it)', async () => {
    withTask(baseTask);
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    await expect(completeTask(agent as never, baseTask.taskId, { outcome: 'accept' })).rejects.toMatchObject({ status: 409 });
    expect(transactionItems()).toEqual(['completing', 'cancelled']);
  });

  it('treats an unknown token on a retry as an earlier hand-over that went through', async () => {
    withTask({ ...baseTask, status: 'completing', outcome: 'accept', completedBy: 'agent1', version: 4 });
    dynamo.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('Task does not exist'), { name: 'TaskDoesNotExist' }));
    const done = await completeTask(agent as never, baseTask.taskId, { outcome: 'accept' });
    expect(done.status).toBe('completed');
  });

  it('refuses an outcome the task does not allow, before writing anything', async () => {
    withTask(baseTask);
    await expect(completeTask(agent as never, baseTask.taskId, { outcome: 'recognised' })).rejects.toMatchObject({ status: 400 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  describe('of a wait that outlived its execution (parked)', () => {
    const parked: TaskRecord = { ...baseTask, stateName: 'Qualification', parkAt: '2026-01-01T01:00:00.000Z', parkedAt: '2026-01-01T01:00:05.000Z' };
    const stateInput = { caseId: baseTask.caseId, caseType: 'occupational-disease', registration: { status: 'registered' } };
    const dueWrites = () =>
      dynamo.commandCalls(TransactWriteCommand).flatMap((c) => c.args[0].input.TransactItems!.filter((i) => String(i.Put?.Item?.sk ?? '').startsWith('DUE#task#')).map((i) => i.Put!.Item!));

    beforeEach(() => {
      process.env.STATE_MACHINES = JSON.stringify({
        'occupational-disease': 'arn:aws:states:eu-west-3:123456789012:stateMachine:Dossier-occupational-disease',
        'occupational-disease-carry-on': 'arn:aws:states:eu-west-3:123456789012:stateMachine:Dossier-occupational-disease-carry-on',
      });
      resetConfigForTests();
      dynamo.on(GetCommand).callsFake(async (input: { Key: { sk: string } }) => ({ Item: input.Key.sk === 'WAIT' ? { stateInput } : parked }));
      dynamo.on(QueryCommand).resolves({ Items: [caseItem, headItem] });
      dynamo.on(TransactWriteCommand).resolves({});
      sfn.on(SendTaskFailureCommand).resolves({});
    });

    it('starts the next execution where the outcome leads, named after the case and the task, the old one ended first', async () => {
      sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });
      const done = await completeTask(agent as never, baseTask.taskId, { outcome: 'accept' });
      expect(done.status).toBe('completed');
      expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
      expect(sfn.commandCalls(SendTaskFailureCommand)[0]!.args[0].input).toMatchObject({ taskToken: 'token-1', error: 'WaitParked' });
      const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
      expect(start.name).toBe(`${baseTask.caseId}-${baseTask.taskId}`);
      // On the machine that starts at the Resume Choice, not the new cases' one.
      expect(start.stateMachineArn).toBe('arn:aws:states:eu-west-3:123456789012:stateMachine:Dossier-occupational-disease-carry-on');
      expect(JSON.parse(start.input!)).toEqual({
        ...stateInput,
        qualification: { taskId: baseTask.taskId, outcome: 'accept', completedBy: 'agent1', data: {} },
        resume: { entry: 'MedicalReview', after: baseTask.taskId },
      });
    });

    it('answers 503 and keeps the task completing, its due entry set for the sweep, when the next execution cannot start', async () => {
      sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      await expect(completeTask(agent as never, baseTask.taskId, { outcome: 'accept' })).rejects.toMatchObject({ status: 503 });
      expect(transactionItems()).toEqual(['completing']);
      // The deadline checker looks again a minute after the outcome was recorded, and starts it then.
      expect(dueWrites()).toHaveLength(1);
      expect(Date.parse(dueWrites()[0]!.dueAt as string) - Date.now()).toBeGreaterThan(50_000);
    });
  });
});
