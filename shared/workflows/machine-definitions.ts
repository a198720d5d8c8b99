import healthReimbursement from '../../statemachines/health-reimbursement.asl.json' with { type: 'json' };
import occupationalDisease from '../../statemachines/occupational-disease.asl.json' with { type: 'json' };
import propertyClaim from '../../statemachines/property-claim.asl.json' with { type: 'json' };

// The state machines' definitions as the functions need them: to carry on a case whose execution
// ended at a long wait, a function works out where that wait leads (its Next, or the Catch of an
// error) and what input the state would have passed on (its ResultPath). The same files are
// deployed (infra/constructs/workflows.ts) and run locally (local/workflows/definitions.ts).

export interface WaitingStateDefinition {
  readonly Type: string;
  readonly Resource?: string;
  readonly Next?: string;
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds?: number;
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly ResultPath?: string | null; readonly Next: string }[];
}

export interface MachineDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, WaitingStateDefinition>>;
}

/** By state machine id (functions/registry.ts `stateMachines`). */
export const machineDefinitions: Readonly<Record<string, MachineDefinition>> = {
  'occupational-disease': occupationalDisease as MachineDefinition,
  'health-reimbursement': healthReimbursement as MachineDefinition,
  'property-claim': propertyClaim as MachineDefinition,
};
