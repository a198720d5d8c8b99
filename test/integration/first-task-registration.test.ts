import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declareCase } from '#shared/cases/declare-case.js';
import { createWorkflowTask } from '#shared/tasks/create-workflow-task.js';
import { as, request } from './support/api.js';
import { declaration } from './support/fixtures.js';
import { runUseCasesInProcess } from './support/in-process.js';

// The lifecycle's first task registers the case in the same change (shared/tasks/create-workflow-task.ts).
// Step Functions may invoke that Lambda more than once for one state entry, at the same time: the
// use case runs here, in the test's process, against the shared stack's DynamoDB Local, with the
// start queue and the bus mocked (no execution must pick the case up meanwhile).
const queue = mockClient(SQSClient);
const bus = mockClient(EventBridgeClient);
runUseCasesInProcess({ CASE_START_QUEUE_URL: 'http://localhost:1/000000000000/dossier-case-starts' }, { runtimeClock: true });

beforeAll(() => {
  queue.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

afterAll(() => {
  queue.restore();
  bus.restore();
});

const announced = (detailType: string, caseId: string) =>
  bus
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .filter((e) => e.DetailType === detailType && JSON.parse(e.Detail ?? '{}').caseId === caseId).length;

describe('the first task of a lifecycle', () => {
  it('registers the case with its task in one change, once, however many times the state invokes it at once', async () => {
    const principal = { userId: `claimant-${ulid()}`, username: 'claimant-registration', roles: ['claimant'] as const };
    const { record } = await declareCase(principal, declaration() as never, undefined);
    const input = {
      caseId: record.caseId,
      kind: 'qualification',
      taskToken: `token-${ulid()}`,
      executionArn: `arn:aws:states:eu-west-3:000000000000:execution:occupational-disease:${record.caseId}`,
      stateName: 'Qualification',
      register: true,
    };

    const [first, second] = await Promise.all([createWorkflowTask(input), createWorkflowTask(input)]);
    expect(second.taskId).toBe(first.taskId);

    const supervisor = await as('supervisor1');
    const view = await supervisor.get(`/api/cases/${record.caseId}`);
    expect(view.body.status).toBe('qualification');
    const history = (await supervisor.get(`/api/cases/${record.caseId}/history`)).body;
    expect(history.verified).toBe(true);
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['case.declared', 'case.registered', 'task.created']);
    // The registration's decisions came with it: the task went to the queue they route to.
    expect(history.entries.find((e: { action: string }) => e.action === 'case.registered').details.decisions).toBeDefined();
    const tasks = (await supervisor.get(`/api/tasks?caseId=${record.caseId}`)).body.items as { taskId: string; kind: string; dueAt: string }[];
    expect(tasks.map((t) => [t.taskId, t.kind])).toEqual([[first.taskId, 'qualification']]);
    // Due by the runtime's clock (which other tests move ahead), as a task the stack made would be.
    const runtimeNow = (await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } })).body.now as string;
    expect(Date.parse(tasks[0]!.dueAt)).toBeGreaterThan(Date.parse(runtimeNow));
    // Each delivery announces the case (a retry after a refused event must still), before its task.
    expect(announced('CaseCreated', record.caseId)).toBe(2);
    expect(announced('TaskCreated', record.caseId)).toBeGreaterThanOrEqual(1);

    // Delivered once more later: nothing new is written.
    expect(await createWorkflowTask(input)).toEqual(first);
    const again = (await supervisor.get(`/api/cases/${record.caseId}/history`)).body;
    expect(again.entries).toHaveLength(3);
  });
});
