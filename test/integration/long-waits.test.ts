import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { listingShard } from '#shared/cases/case-keys.js';
import { as, eventually, request } from './support/api.js';
import { actions, caseStatus, declaredCase, openTask, work } from './support/lifecycle.js';

// Short executions for long waits (shared/workflows/long-waits.ts), on the shared local stack: the
// runtime's own deadline checker ends the execution of a wait that lasted LONG_WAIT_SECONDS (an
// hour by default, also locally), and whatever ends the wait starts the case's next execution.
// Time is moved with the runtime's clock, as a user of `npm start` would.

// New cases run on the first machine; executions that carry a case on, on the second.
const machineArns = ['occupational-disease', 'occupational-disease-carry-on'].map((id) => `arn:aws:states:local:000000000000:stateMachine:${id}`);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sfn = new SFNClient({ endpoint: inject('awsEndpoint'), region: 'local', credentials });
const dynamodb = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials });
afterAll(() => {
  sfn.destroy();
  dynamodb.destroy();
});

/** The executions Step Functions counts against the open-executions quota, of these cases. */
async function runningExecutionsOf(caseIds: readonly string[]): Promise<string[]> {
  const listed = await Promise.all(machineArns.map((stateMachineArn) => sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }))));
  return listed.flatMap((l) => l.executions ?? []).map((e) => e.name!).filter((name) => caseIds.some((id) => name.startsWith(id)));
}

/** Moves the runtime's clock past the long-wait threshold; its scheduler runs the deadline checker after each move. */
async function letAnHourPass() {
  expect((await request('POST', '/api/_local/clock', { body: { advance: 'PT61M' } })).status).toBe(200);
}

const opinion = { opinion: 'Tableau RG 57 : conditions remplies, lien direct établi.' };

describe('short executions for long waits', { timeout: 120_000 }, () => {
  it('ends the executions of cases waiting on people, and carries each case on when its task is done, with the same history as without', async () => {
    const parkedCase = await declaredCase();
    const others = [await declaredCase(), await declaredCase()];
    const qualification = await openTask(parkedCase, 'qualification');
    for (const caseId of others) await openTask(caseId, 'qualification');
    expect((await runningExecutionsOf([parkedCase, ...others])).length).toBe(3);

    await letAnHourPass();
    // Three cases alive, all waiting on an agent: no execution open for any of them.
    await eventually(async () => ((await runningExecutionsOf([parkedCase, ...others])).length === 0 ? true : undefined));
    // People see the same task as before, and work it as before.
    const stillThere = await openTask(parkedCase, 'qualification');
    expect(stillThere).toMatchObject({ taskId: qualification.taskId, status: 'open' });
    expect(stillThere).not.toHaveProperty('parkedAt');
    await work('agent1', qualification.taskId, 'accept');

    // The next execution, named after the case and the task, goes on to medical review.
    const review = await openTask(parkedCase, 'medical-review');
    expect(await runningExecutionsOf([parkedCase])).toEqual([`${parkedCase}-${qualification.taskId}`]);
    await letAnHourPass();
    await eventually(async () => ((await runningExecutionsOf([parkedCase])).length === 0 ? true : undefined));
    await work('expert1', review.taskId, 'recognised', opinion);

    expect(await caseStatus(parkedCase, 'closed')).toMatchObject({ decision: 'recognised', closeReason: 'decided', tasks: [] });
    const history = await eventually(async () => {
      const found = await actions(parkedCase); // verified hash chain
      return found.includes('case.archived') && found.includes('notification.sent') ? found : undefined;
    });
    expect([...history.filter((a) => a !== 'notification.sent')].sort()).toEqual([
      'case.declared', 'case.registered',
      'task.created', 'task.claimed', 'task.completed',
      'task.created', 'task.claimed', 'task.completed',
      'case.decided', 'claimant.notified', 'case.closed', 'case.archived',
    ].sort());
    expect(await runningExecutionsOf([parkedCase])).toEqual([]);
  });

  it('closes a parked case withdrawn by its claimant', async () => {
    const caseId = await declaredCase();
    await openTask(caseId, 'qualification');
    await letAnHourPass();
    await eventually(async () => ((await runningExecutionsOf([caseId])).length === 0 ? true : undefined));
    const withdrawn = await (await as('claimant1')).post(`/api/cases/${caseId}/withdraw`, { reason: 'Je retire ma demande' });
    expect(withdrawn.status).toBe(202);
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ closeReason: 'withdrawn', tasks: [] });
  });

  it('loses nothing when the process dies between recording an outcome and starting the next execution', async () => {
    const caseId = await declaredCase();
    const qualification = await openTask(caseId, 'qualification');
    await letAnHourPass();
    await eventually(async () => ((await runningExecutionsOf([caseId])).length === 0 ? true : undefined));
    // What completing the task writes first, the outcome recorded and the task `completing`, then
    // a kill -9 before the next execution starts (written here as the completion writes it).
    const key = marshall({ pk: `TASK#${qualification.taskId}`, sk: 'TASK' });
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: 'dossier', Key: key, ConsistentRead: true }));
    const task = unmarshall(Item!);
    expect(task.parkedAt).toBeDefined();
    const at = new Date(Date.parse(task.parkedAt)).toISOString();
    await dynamodb.send(new PutItemCommand({
      TableName: 'dossier',
      Item: marshall({ ...task, status: 'completing', outcome: 'reject', completedBy: 'agent1', completedAt: at, completionData: { reason: 'Hors délai de prescription' }, version: task.version + 1, updatedAt: at }),
    }));
    await dynamodb.send(new PutItemCommand({
      TableName: 'dossier',
      Item: marshall({ pk: `CASE#${caseId}`, sk: `DUE#task#${qualification.taskId}`, entity: 'due', caseId, subject: `task#${qualification.taskId}`, dueAt: at, gsi1pk: `DUE#${listingShard(caseId)}`, gsi1sk: `${at}#${caseId}#task#${qualification.taskId}` }),
    }));
    // The deadline checker's next run finds the recorded outcome and starts the next execution.
    await request('POST', '/api/_local/clock', { body: { advance: 'PT2M' } });
    expect(await caseStatus(caseId, 'closed')).toMatchObject({ decision: 'rejected' });
    // The hand-over finished: the task is done, not left `completing`.
    const after = unmarshall((await dynamodb.send(new GetItemCommand({ TableName: 'dossier', Key: key, ConsistentRead: true }))).Item!);
    expect(after.status).toBe('completed');
  });
});
