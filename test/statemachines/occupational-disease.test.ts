import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileDefinition, localStateMachineArn } from '#local/workflows/definitions.js';
import { MemoryExecutionStore, type ExecutionStore } from '#local/workflows/execution-store.js';
import { LocalStepFunctions, type PutEventsEntry } from '#local/workflows/runner.js';
import { nextAfterWait, WAIT_PARKED, type WaitResolution } from '#shared/workflows/long-waits.js';
import { completionResolution } from '#shared/workflows/outcome-routes.js';

// The real statemachines/occupational-disease.asl.json on the local runner, its Lambdas played
// by fakes: one test per path through the machine.
const asl = readFileSync(join(import.meta.dirname, '..', '..', 'statemachines', 'occupational-disease.asl.json'), 'utf8');
const arn = localStateMachineArn('occupational-disease');

interface Harness {
  runner: LocalStepFunctions;
  tasks: { kind: string; stateName: string; token: string; stateInput: Record<string, unknown> }[];
  steps: string[];
  /** What each conclude-case step was asked: the decision, or the reason for closing. */
  concluded: { step: string; decision?: string; reason?: string }[];
  events: PutEventsEntry[];
  store: ExecutionStore;
}

const runners: LocalStepFunctions[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.close();
});

function harness(store: ExecutionStore = new MemoryExecutionStore(), failRegistration = 0, failRegistrationWith = 'Lambda.TooManyRequestsException'): Harness {
  const tasks: Harness['tasks'] = [];
  const steps: string[] = [];
  const concluded: Harness['concluded'] = [];
  const events: PutEventsEntry[] = [];
  let registrationFailures = failRegistration;
  const runner = new LocalStepFunctions({
    definitions: [compileDefinition('occupational-disease', asl, 'dossier')],
    store,
    putEvents: async (entries) => void events.push(...entries),
    invokeFunction: async (functionId, payload: any) => {
      steps.push(functionId + (payload.step ? `:${payload.step}` : '') + (payload.register ? ':register' : ''));
      if (functionId === 'create-task') {
        // The first task's Lambda registers the case first: its failures are the registration's.
        if (payload.register && registrationFailures-- > 0) throw Object.assign(new Error('failed'), { name: failRegistrationWith });
        tasks.push({ kind: payload.kind, stateName: payload.stateName, token: payload.taskToken, stateInput: payload.stateInput });
        return { taskId: `T-${tasks.length}` };
      }
      if (functionId === 'conclude-case') concluded.push({ step: payload.step, decision: payload.decision, reason: payload.reason });
      // `conclude` decides, notifies and closes in one state, answering as the close does.
      return payload.step === 'close' || payload.step === 'conclude' ? { status: 'closed', reason: payload.reason ?? 'decided' } : { status: 'decided' };
    },
  });
  runners.push(runner);
  return { runner, tasks, steps, concluded, events, store };
}

async function until<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  for (let i = 0; i < timeoutMs / 10; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met in time');
}

async function start(h: Harness, input: Record<string, unknown> = {}) {
  const { executionArn } = await h.runner.startExecution({ stateMachineArn: arn, name: 'CASE1', input: JSON.stringify({ caseId: 'CASE1', caseType: 'occupational-disease', ...input }) });
  return executionArn;
}

/** The resolution the API's completion hands over: the output, or the outcome's error for an outcome the state routes by Catch. */
const completion = (stateName: string, outcome: string) => completionResolution({ caseType: 'occupational-disease', stateName }, { outcome });

async function complete(h: Harness, kind: string, outcome: string, nth = 1) {
  const task = await until(() => h.tasks.filter((t) => t.kind === kind)[nth - 1]);
  const resolution = completion(task.stateName, outcome);
  if ('output' in resolution) await h.runner.sendTaskSuccess({ taskToken: task.token, output: JSON.stringify(resolution.output) });
  else await h.runner.sendTaskFailure({ taskToken: task.token, error: resolution.error, cause: resolution.cause });
}

async function finished(h: Harness, executionArn: string, timeoutMs?: number) {
  return until(async () => {
    const execution = await h.runner.describeExecution({ executionArn });
    return execution.status === 'RUNNING' ? undefined : execution;
  }, timeoutMs);
}

const decisionOf = (h: Harness) => h.concluded.find((c) => c.step === 'conclude')?.decision;

describe('the occupational-disease state machine', () => {
  it('registers, qualifies, reviews, decides, notifies and closes', async () => {
    const h = harness();
    const executionArn = await start(h);
    await complete(h, 'qualification', 'accept');
    await complete(h, 'medical-review', 'recognised');
    const execution = await finished(h, executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    // Registering and creating the first task are one state; deciding, notifying and closing
    // follow one another: one state, one invocation.
    expect(h.steps).toEqual(['create-task:register', 'create-task', 'conclude-case:conclude']);
    expect(h.concluded).toEqual([{ step: 'conclude', decision: 'recognised' }]);
    // The steps announce themselves (CaseCreated, CaseDecided, CaseClosed, shared/events/announce.ts):
    // no state of the machine spends a transition on it.
    expect(h.events).toEqual([]);
  });

  it('closes a case rejected at qualification with the decision rejected', async () => {
    const h = harness();
    const executionArn = await start(h);
    await complete(h, 'qualification', 'reject');
    expect((await finished(h, executionArn)).status).toBe('SUCCEEDED');
    expect(decisionOf(h)).toBe('rejected');
  });

  it('loops through document collection on a request for documents, then on a request for complement', async () => {
    const h = harness();
    const executionArn = await start(h);
    await complete(h, 'qualification', 'request-documents');
    await complete(h, 'document-collection', 'complete');
    await complete(h, 'medical-review', 'request-complement');
    await complete(h, 'document-collection', 'complete', 2);
    await complete(h, 'medical-review', 'refused', 2);
    expect((await finished(h, executionArn)).status).toBe('SUCCEEDED');
    expect(h.tasks.map((t) => t.kind)).toEqual(['qualification', 'document-collection', 'medical-review', 'document-collection', 'medical-review']);
  });

  it('closes without a decision when document collection is abandoned', async () => {
    const h = harness();
    const executionArn = await start(h);
    await complete(h, 'qualification', 'request-documents');
    await complete(h, 'document-collection', 'abandon');
    await finished(h, executionArn);
    expect(decisionOf(h)).toBe('closed-incomplete');
  });

  it.each([
    ['CaseWithdrawn', 'withdrawn'],
    ['CaseCancelled', 'cancelled'],
  ])('closes the case when the waiting task fails with %s', async (error, reason) => {
    const h = harness();
    const executionArn = await start(h);
    const task = await until(() => h.tasks[0]);
    await h.runner.sendTaskFailure({ taskToken: task.token, error, cause: 'requested' });
    expect((await finished(h, executionArn)).status).toBe('SUCCEEDED');
    expect(h.steps.at(-1)).toBe('conclude-case:close');
    expect(h.concluded).toEqual([{ step: 'close', reason }]);
    expect(reason).toMatch(/withdrawn|cancelled/);
  });

  it('goes straight back to qualification when re-opened', async () => {
    const h = harness();
    await start(h, { reopen: true });
    await until(() => h.tasks[0]);
    // The Lambda is told the state's input, which says the case is re-opened: it does not register again.
    expect(h.steps).toEqual(['create-task:register']);
    expect(h.tasks[0]).toMatchObject({ kind: 'qualification', stateInput: { reopen: true } });
  });

  it('retries a throttled Lambda, and fails the execution when it keeps failing', async () => {
    const retried = harness(new MemoryExecutionStore(), 1);
    await start(retried);
    await until(() => retried.tasks[0]);
    expect(retried.steps.filter((s) => s === 'create-task:register')).toHaveLength(2);

    const failing = harness(new MemoryExecutionStore(), 10);
    // The ASL retries 3 times, 1 s then 2 s then 4 s apart, before giving up.
    const execution = await finished(failing, await start(failing), 15_000);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Lambda.TooManyRequestsException' });
  }, 20_000);

  it('runs a step again when its announcement was refused by the bus (EventNotPublished)', async () => {
    const h = harness(new MemoryExecutionStore(), 1, 'EventNotPublished');
    await start(h);
    await until(() => h.tasks[0]);
    expect(h.steps.filter((s) => s === 'create-task:register')).toHaveLength(2);
  });

  it('refuses a second execution of the same case with another input, and an unknown token', async () => {
    const h = harness();
    await start(h);
    await expect(h.runner.startExecution({ stateMachineArn: arn, name: 'CASE1', input: '{"caseId":"OTHER"}' })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(h.runner.sendTaskSuccess({ taskToken: 'nope', output: '{}' })).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('resumes a waiting execution after a restart on the same token, its task Lambda asked again with it', async () => {
    const store = new MemoryExecutionStore();
    const before = harness(store);
    const executionArn = await start(before);
    const task = await until(() => before.tasks[0]);
    await before.runner.close();

    const after = harness(store);
    expect(await after.runner.resume()).toBe(1);
    // The Lambda finds the task it created (idempotent by token): the same token, not a new one.
    const again = await until(() => after.tasks[0]);
    expect(again).toMatchObject({ kind: 'qualification', token: task.token });
    await after.runner.sendTaskSuccess({ taskToken: task.token, output: JSON.stringify({ outcome: 'accept' }) });
    await complete(after, 'medical-review', 'recognised');
    expect((await finished(after, executionArn)).status).toBe('SUCCEEDED');
    expect(after.steps[0]).toBe('create-task:register');
    expect(after.tasks.map((t) => t.kind)).toEqual(['qualification', 'medical-review']);
  });

  it('creates the task after a restart when the run was killed once the wait was stored but before its Lambda ran', async () => {
    // What a kill -9 leaves between the token written to the store and the Lambda's first write.
    const store = new MemoryExecutionStore();
    const executionArn = arn.replace(':stateMachine:', ':execution:') + ':CASE1';
    const input = JSON.stringify({ caseId: 'CASE1', caseType: 'occupational-disease' });
    await store.create({ executionArn, stateMachineArn: arn, name: 'CASE1', input, status: 'RUNNING', startDate: new Date().toISOString(), currentState: 'Qualification', currentInput: input });
    await store.putToken({ token: 'stored-token', executionArn, stateName: 'Qualification', stateInput: input });

    const h = harness(store);
    expect(await h.runner.resume()).toBe(1);
    expect(await until(() => h.tasks[0])).toMatchObject({ kind: 'qualification', token: 'stored-token' });
    expect(h.steps).toEqual(['create-task:register']);
    await h.runner.sendTaskSuccess({ taskToken: 'stored-token', output: JSON.stringify({ outcome: 'accept' }) });
    await complete(h, 'medical-review', 'recognised');
    expect((await finished(h, executionArn)).status).toBe('SUCCEEDED');
  });

  describe('with a wait that outlives its execution (shared/workflows/long-waits.ts)', () => {
    /** Parks the nth task's wait as the deadline checker does, then starts the next execution as the one ending the wait would. */
    async function parkAndCarryOn(h: Harness, executionArn: string, nth: number, resolution: WaitResolution) {
      const task = await until(() => h.tasks[nth - 1]);
      await h.runner.sendTaskFailure({ taskToken: task.token, error: WAIT_PARKED, cause: 'long wait' });
      const ended = await finished(h, executionArn);
      const stateName = { qualification: 'Qualification', 'medical-review': 'MedicalReview', 'document-collection': 'DocumentCollection' }[task.kind]!;
      const { entry, input } = nextAfterWait({ caseType: 'occupational-disease', stateName }, task.stateInput, resolution);
      const next = await h.runner.startExecution({ stateMachineArn: arn, name: `CASE1-T${nth}`, input: JSON.stringify({ ...input, resume: { entry } }) });
      return { ended, next: next.executionArn, entry };
    }

    it('ends the execution at the wait, and the next one goes on from where the outcome leads, without registering again', async () => {
      const h = harness();
      const first = await start(h);
      const qualified = await parkAndCarryOn(h, first, 1, completion('Qualification', 'accept'));
      expect(qualified.ended.status).toBe('SUCCEEDED');
      expect(qualified.entry).toBe('MedicalReview');
      const reviewed = await parkAndCarryOn(h, qualified.next, 2, completion('MedicalReview', 'recognised'));
      expect(reviewed.entry).toBe('Conclude');
      expect(reviewed.ended.status).toBe('SUCCEEDED');
      expect((await finished(h, reviewed.next)).status).toBe('SUCCEEDED');
      expect(h.steps).toEqual(['create-task:register', 'create-task', 'conclude-case:conclude']);
      expect(h.tasks.map((t) => t.kind)).toEqual(['qualification', 'medical-review']);
      expect(decisionOf(h)).toBe('recognised');
    });

    it('closes the case as withdrawn when the parked wait ends with a withdrawal', async () => {
      const h = harness();
      const first = await start(h);
      const withdrawn = await parkAndCarryOn(h, first, 1, { error: 'CaseWithdrawn', cause: 'requested through the API' });
      expect(withdrawn.entry).toBe('CloseWithdrawn');
      expect((await finished(h, withdrawn.next)).status).toBe('SUCCEEDED');
      expect(h.concluded.at(-1)?.reason).toBe('withdrawn');
    });

    it('closes the case as timed out when the parked wait outlives its state timeout', async () => {
      const h = harness();
      const first = await start(h);
      const timedOut = await parkAndCarryOn(h, first, 1, { error: 'WaitTimedOut', cause: 'not completed in time' });
      expect(timedOut.entry).toBe('CloseTimedOut');
      expect((await finished(h, timedOut.next)).status).toBe('SUCCEEDED');
      expect(h.concluded.at(-1)?.reason).toBe('timed-out');
    });

    it('sends a re-opened case back to qualification, and a re-opened case parked later still carries on where its wait leads', async () => {
      const h = harness();
      const reopened = await start(h, { reopen: true });
      const parked = await parkAndCarryOn(h, reopened, 1, completion('Qualification', 'reject'));
      expect(parked.entry).toBe('ConcludeRejected');
      expect((await finished(h, parked.next)).status).toBe('SUCCEEDED');
      expect(h.steps).toEqual(['create-task:register', 'conclude-case:conclude']);
      expect(decisionOf(h)).toBe('rejected');
    });
  });
});
