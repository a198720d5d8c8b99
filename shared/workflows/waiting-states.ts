import states from '../../statemachines/waiting-states.json' with { type: 'json' };
import { findCaseType } from '../case-types/index.js';
import type { TaskRecord } from '../tasks/task-record.js';

// The states that wait on a person, as the functions need them: to carry on a case whose execution
// ended at a long wait, a function works out where that wait leads (its Next, or the Catch of an
// error) and what input the state would have passed on (its ResultPath). The file is extracted from
// the deployed definitions (statemachines/*.asl.json) by statemachines/generate-waiting-states.ts,
// so a function does not carry the whole definitions; a unit test keeps the two in step.

export interface WaitingStateDefinition {
  readonly Next?: string;
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds?: number;
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly ResultPath?: string | null; readonly Next: string }[];
}

/** By state machine id (functions/registry.ts `stateMachines`), then by state name. */
export type WaitingStates = Readonly<Record<string, Readonly<Record<string, WaitingStateDefinition>>>>;

export const waitingStates: WaitingStates = states;

/** The state a workflow task waits in, and its machine; undefined for a task of no such state. */
export function waitingStateOf(task: Pick<TaskRecord, 'caseType' | 'stateName'>): { machineId: string; state: WaitingStateDefinition } | undefined {
  const machineId = findCaseType(task.caseType)?.stateMachine;
  const state = machineId && task.stateName ? waitingStates[machineId]?.[task.stateName] : undefined;
  return state ? { machineId: machineId!, state } : undefined;
}
