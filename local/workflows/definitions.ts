import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { functionIdFromPlaceholder, stateMachines, type StateMachineSpec } from '#functions/registry.js';
import { machineVariants } from '#shared/workflows/machine-variants.js';
import './polyfills.js';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local';

export const localStateMachineArn = (id: string) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${id}`;
export const localFunctionArn = (id: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}`;
export const functionIdFromArn = (arn: string) => arn.slice(arn.lastIndexOf(':') + 1);

/** What the runner does in place of each Task state's AWS integration. */
export type TaskBinding =
  | { readonly kind: 'lambda'; readonly functionId: string }
  | { readonly kind: 'lambda-callback'; readonly functionId: string }
  | { readonly kind: 'put-events' };

/** An ASL document, as far as the runner reads it (the library validates the rest). */
export interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Parameters?: { FunctionName?: string };
  Branches?: AslMachine[];
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
}
export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface LocalDefinition {
  readonly id: string;
  readonly arn: string;
  readonly definition: AslMachine;
  /** By state name, every Task state of the machine (nested branches included). */
  readonly tasks: ReadonlyMap<string, TaskBinding>;
}

// Node timers overflow past ~24.8 days (they then fire at once); human-task backstops are months.
// Locally such a timeout is never reached by wall-clock time anyway, so it is capped.
const MAX_LOCAL_TIMEOUT_SECONDS = 2_000_000;

/**
 * Reads each state machine of the registry from statemachines/, with its ${...} placeholders
 * replaced by local ARNs, and works out how each Task state is run locally. An integration the
 * runner cannot play fails here, at start-up, rather than in the middle of a case.
 */
export function loadLocalDefinitions(options: {
  eventBusName: string;
  root?: string;
  extra?: readonly StateMachineSpec[];
}): LocalDefinition[] {
  const root = options.root ?? join(import.meta.dirname, '..', '..');
  // Each file runs as two machines, as in AWS: new cases' and the carry-on one (shared/workflows/machine-variants.ts).
  return [...stateMachines, ...(options.extra ?? [])].flatMap((machine) => {
    const text = readFileSync(join(root, machine.file), 'utf8');
    return machineVariants(machine.id, JSON.parse(text) as AslMachine).map((variant) =>
      compileDefinition(variant.id, JSON.stringify(variant.definition), options.eventBusName),
    );
  });
}

export function compileDefinition(id: string, aslText: string, eventBusName: string): LocalDefinition {
  const substituted = aslText.replace(/\$\{(\w+)\}/g, (match, name: string) => {
    if (name === 'EventBusName') return eventBusName;
    const functionId = functionIdFromPlaceholder(name);
    return functionId ? localFunctionArn(functionId) : match;
  });
  const leftover = /\$\{\w+\}/.exec(substituted);
  if (leftover) throw new Error(`${id}: no local value for ${leftover[0]}`);
  const definition = JSON.parse(substituted) as AslMachine;
  // The library's validator checks the ASL as Step Functions would (ARNs here are local ones).
  new StateMachine(definition as never, { validationOptions: { checkArn: false } });
  const tasks = new Map<string, TaskBinding>();
  collectTasks(id, definition, tasks);
  return { id, arn: localStateMachineArn(id), definition, tasks };
}

function collectTasks(id: string, machine: AslMachine, tasks: Map<string, TaskBinding>): void {
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === 'Parallel') for (const branch of state.Branches ?? []) collectTasks(id, branch, tasks);
    const iterator = state.ItemProcessor ?? state.Iterator;
    if (state.Type === 'Map' && iterator) collectTasks(id, iterator, tasks);
    if (state.Type !== 'Task') continue;
    if (state.TimeoutSeconds === undefined) throw new Error(`${id}.${name}: set TimeoutSeconds (the default of 60 s would fail human tasks)`);
    state.TimeoutSeconds = Math.min(state.TimeoutSeconds, MAX_LOCAL_TIMEOUT_SECONDS);
    const resource = String(state.Resource);
    const functionName = String(state.Parameters?.FunctionName ?? '');
    if (resource === 'arn:aws:states:::lambda:invoke') {
      tasks.set(name, { kind: 'lambda', functionId: functionIdFromArn(functionName) });
    } else if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
      tasks.set(name, { kind: 'lambda-callback', functionId: functionIdFromArn(functionName) });
    } else if (resource === 'arn:aws:states:::events:putEvents') {
      tasks.set(name, { kind: 'put-events' });
    } else {
      throw new Error(`${id}.${name}: the local runner cannot run ${resource}`);
    }
  }
}
