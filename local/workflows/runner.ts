import './polyfills.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { metering } from '#shared/metering/meter.js';
import { AwsServiceError } from './aws-error.js';
import type { LocalDefinition, TaskBinding } from './definitions.js';
import type { ExecutionRecord, ExecutionStore, WaitingToken } from './execution-store.js';

export interface PutEventsEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Resources?: string[];
  readonly Time?: Date | string;
}

export interface LocalStepFunctionsOptions {
  readonly definitions: readonly LocalDefinition[];
  readonly invokeFunction: (functionId: string, payload: unknown) => Promise<unknown>;
  readonly putEvents: (entries: PutEventsEntry[]) => Promise<void>;
  readonly store: ExecutionStore;
}

interface Waiter {
  readonly executionArn: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/** The state's Parameters as evaluated, with the token minted for this run replaced by the stored one. */
const withToken = (payload: unknown, minted: string, stored: string): unknown =>
  JSON.parse(JSON.stringify(payload ?? {}).split(minted).join(stored));

const executionArnOf = (stateMachineArn: string, name: string) =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Step Functions on this machine: runs the real ASL definitions with aws-local-stepfunctions,
 * playing each Task state's integration in-process (Lambda invoke, its waitForTaskToken variant,
 * EventBridge PutEvents). Executions and waiting tokens go to a store, so that after a restart
 * every execution waiting on a person waits again on the same token.
 */
export class LocalStepFunctions {
  private readonly byArn: ReadonlyMap<string, LocalDefinition>;
  private readonly waiters = new Map<string, Waiter>();
  private readonly aborts = new Map<string, () => void>();
  private readonly current = new Map<string, { state: string; input: unknown }>();
  /** Task invocations under way, so that closing lets them settle. */
  private readonly progress = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.byArn = new Map(options.definitions.map((d) => [d.arn, d]));
  }

  async startExecution(request: { stateMachineArn: string; name?: string; input?: string }) {
    const definition = this.byArn.get(request.stateMachineArn);
    if (!definition) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    const name = request.name ?? randomUUID();
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new AwsServiceError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new AwsServiceError('InvalidExecutionInput', 'Invalid State Machine Execution Input');
    }
    const executionArn = executionArnOf(definition.arn, name);
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: definition.arn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
    };
    if (!(await this.options.store.create(record))) {
      // Like AWS: the same name and input while running is the same execution; anything else is a clash.
      const existing = await this.options.store.get(executionArn);
      if (existing?.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: new Date(existing.startDate) };
      throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    this.launch(definition, record, definition.definition.StartAt, parsed);
    return { executionArn, startDate: new Date(record.startDate) };
  }

  async describeExecution(request: { executionArn: string }) {
    const record = await this.options.store.get(request.executionArn);
    if (!record) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${request.executionArn}'`);
    return record;
  }

  /**
   * The running executions (of one machine, or all): what Step Functions' open-executions quota
   * counts. Only RUNNING is listed locally; the store keeps no index of finished executions.
   */
  async listExecutions(request: { stateMachineArn?: string; statusFilter?: string }) {
    if (request.statusFilter !== 'RUNNING') throw new AwsServiceError('ValidationException', 'the local runner lists RUNNING executions only');
    const running = await this.options.store.running();
    return running.filter((e) => !request.stateMachineArn || e.stateMachineArn === request.stateMachineArn);
  }

  async stopExecution(request: { executionArn: string; error?: string; cause?: string }) {
    const record = await this.describeExecution(request);
    if (record.status !== 'RUNNING') return { stopDate: new Date(record.stopDate ?? Date.now()) };
    const stopDate = new Date().toISOString();
    this.aborts.get(request.executionArn)?.();
    await this.options.store.update(request.executionArn, { status: 'ABORTED', stopDate, error: request.error, cause: request.cause });
    for (const token of await this.options.store.tokensOf(request.executionArn)) await this.options.store.takeToken(token.token);
    return { stopDate: new Date(stopDate) };
  }

  async sendTaskSuccess(request: { taskToken: string; output: string }) {
    const waiter = await this.claimToken(request.taskToken);
    let output: unknown;
    try {
      output = JSON.parse(request.output);
    } catch {
      throw new AwsServiceError('InvalidOutput', 'Invalid Output');
    }
    waiter.resolve(output);
    return {};
  }

  async sendTaskFailure(request: { taskToken: string; error?: string; cause?: string }) {
    const waiter = await this.claimToken(request.taskToken);
    waiter.reject(Object.assign(new Error(request.cause ?? ''), { name: request.error ?? 'States.TaskFailed' }));
    return {};
  }

  async sendTaskHeartbeat(request: { taskToken: string }) {
    if (!this.waiters.has(request.taskToken)) throw new AwsServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    return {};
  }

  /**
   * After a restart: every execution the store says is running continues. One waiting on a token
   * waits on the same token again, its task Lambda invoked again with that token (the kill may
   * have come before the task existed; the Lambda finds it if it does); one that was killed in
   * the middle of a step runs that step again (our task Lambdas are idempotent).
   */
  async resume(): Promise<number> {
    const running = await this.options.store.running();
    for (const record of running) {
      const definition = this.byArn.get(record.stateMachineArn);
      if (!definition) continue;
      const [waiting] = await this.options.store.tokensOf(record.executionArn);
      if (waiting) {
        this.launch(definition, record, waiting.stateName, JSON.parse(waiting.stateInput), waiting);
      } else {
        const state = record.currentState ?? definition.definition.StartAt;
        this.launch(definition, record, state, JSON.parse(record.currentInput ?? record.input));
      }
    }
    return running.length;
  }

  /** Stops running executions without marking them finished: a later start resumes them. */
  async close(): Promise<void> {
    this.closed = true;
    for (const abort of this.aborts.values()) abort();
    // Executions are aborted first, so settling their waits moves nothing on; it only lets the
    // library clear its timers. The tokens stay in the store for resume().
    for (const waiter of this.waiters.values()) waiter.resolve({});
    this.waiters.clear();
    await Promise.allSettled([...this.progress]);
  }

  private async claimToken(token: string): Promise<Waiter> {
    const waiter = this.waiters.get(token);
    if (!waiter || !(await this.options.store.takeToken(token))) {
      throw new AwsServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    }
    this.waiters.delete(token);
    return waiter;
  }

  private launch(definition: LocalDefinition, record: ExecutionRecord, startAt: string, input: unknown, reattach?: WaitingToken) {
    const { executionArn } = record;
    // Validated once at load (definitions.ts); a resumed run starts mid-way, where the validator
    // would see the states before it as unreachable.
    const machine = new StateMachine({ ...definition.definition, StartAt: startAt } as never, {
      validationOptions: { noValidate: true },
    });
    let pendingReattach = reattach;
    const minted: string[] = [];
    const context = {
      Execution: { Id: executionArn, Name: record.name, StartTime: record.startDate, RoleArn: 'arn:aws:iam::000000000000:role/local' },
      StateMachine: { Id: definition.arn, Name: definition.id },
      // Each read of $$.Task.Token in a state's Parameters mints that state's token.
      Task: {
        get Token() {
          const token = randomBytes(24).toString('base64url');
          minted.push(token);
          return token;
        },
      },
    };
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, binding] of definition.tasks) {
      overrides[stateName] = (parameters) => this.runTask(executionArn, stateName, binding, parameters, () => {
        if (pendingReattach?.stateName !== stateName) return undefined;
        const token = pendingReattach.token;
        pendingReattach = undefined;
        return token;
      }, () => minted.at(-1));
    }
    const execution = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: overrides as never },
      context: context as never,
      noThrowOnAbort: true,
    });
    this.aborts.set(executionArn, execution.abort);
    void this.followStates(executionArn, definition.id, execution.eventLogs as AsyncGenerator<{ type: string; state?: { name: string; input: unknown } }>);

    const finished = execution.result.then(
      (output) => this.finish(executionArn, output === null && this.closed ? undefined : { status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: Error) => {
        const timedOut = error.name === 'ExecutionTimeoutError';
        const cause = (error as { cause?: { name?: string; message?: string } }).cause;
        return this.finish(executionArn, {
          status: timedOut ? 'TIMED_OUT' : 'FAILED',
          error: cause?.name ?? error.name,
          cause: cause?.message ?? error.message,
        });
      },
    );
    void finished;
  }

  // Remembers the state each execution is in and its raw input, for a restart mid-step.
  private async followStates(executionArn: string, machineId: string, events: AsyncGenerator<{ type: string; state?: { name: string; input: unknown } }>) {
    let saving = Promise.resolve();
    for await (const event of events) {
      // Standard workflows are billed per state transition: each state entered, and each retry
      // (the library runs a retry again without a new StateEntered).
      if (event.type === 'StateEntered' || event.type === 'StateRetried') metering()?.add('stepfunctions', 'state transitions', 1, machineId);
      if (event.type !== 'StateEntered' || !event.state) continue;
      const { name, input } = event.state;
      this.current.set(executionArn, { state: name, input });
      saving = saving.then(() =>
        this.options.store.update(executionArn, { currentState: name, currentInput: JSON.stringify(input) }).catch(() => undefined),
      );
    }
    await saving;
  }

  private async finish(executionArn: string, outcome: Partial<ExecutionRecord> | undefined) {
    this.aborts.delete(executionArn);
    this.current.delete(executionArn);
    if (!outcome || this.closed) return;
    await this.options.store.update(executionArn, { ...outcome, stopDate: new Date().toISOString() });
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.progress.add(promise);
    void promise.finally(() => this.progress.delete(promise)).catch(() => undefined);
    return promise;
  }

  private async runTask(
    executionArn: string,
    stateName: string,
    binding: TaskBinding,
    parameters: unknown,
    reattachedToken: () => string | undefined,
    lastMintedToken: () => string | undefined,
  ): Promise<unknown> {
    const params = (parameters ?? {}) as { Payload?: unknown; Entries?: PutEventsEntry[] };
    if (binding.kind === 'put-events') {
      const entries = (params.Entries ?? []).map((e) => ({ ...e, Detail: typeof e.Detail === 'string' ? e.Detail : JSON.stringify(e.Detail ?? {}) }));
      await this.options.putEvents(entries);
      return { Entries: entries.map(() => ({ EventId: randomUUID() })), FailedEntryCount: 0 };
    }
    if (binding.kind === 'lambda') {
      const result = await this.invoke(binding.functionId, params.Payload);
      return { Payload: result ?? null, StatusCode: 200, ExecutedVersion: '$LATEST' };
    }

    // After a restart the wait's token is the one in the store; the Lambda runs again with it,
    // since the kill may have come before it created the task (it is idempotent by token).
    const reattached = reattachedToken();
    const minted = lastMintedToken();
    const token = reattached ?? minted;
    if (!token) throw Object.assign(new Error('no $$.Task.Token in the Parameters of a waitForTaskToken state'), { name: 'States.Runtime' });
    if (!reattached) {
      // Let the state-entry event be recorded, then persist the wait before the Lambda runs: if we
      // die after it created the task, the restart still knows which token that task carries.
      await new Promise((resolve) => setImmediate(resolve));
      const stateInput = this.current.get(executionArn)?.input ?? {};
      await this.options.store.putToken({ token, executionArn, stateName, stateInput: JSON.stringify(stateInput) });
    }
    const payload = reattached && minted ? withToken(params.Payload, minted, reattached) : params.Payload;
    const waiting = this.waitFor(token, executionArn);
    // The token may be failed (a withdrawal) while the Lambda still runs, before anyone awaits
    // `waiting`: mark it handled now; it is returned below and its rejection still counts there.
    waiting.catch(() => undefined);
    try {
      await this.invoke(binding.functionId, payload);
    } catch (error) {
      this.waiters.delete(token);
      await this.options.store.takeToken(token);
      throw error;
    }
    return waiting;
  }

  private waitFor(token: string, executionArn: string): Promise<unknown> {
    return new Promise((resolve, reject) => this.waiters.set(token, { executionArn, resolve, reject }));
  }

  // Handler errors surface under their own name, as Lambda's errorType does in AWS, so that a
  // state's Retry and Catch match them; a Lambda platform failure would be Lambda.*.
  private async invoke(functionId: string, payload: unknown): Promise<unknown> {
    return this.track(this.options.invokeFunction(functionId, payload ?? {}));
  }
}
