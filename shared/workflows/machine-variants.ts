// Each lifecycle definition (statemachines/<id>.asl.json) is deployed as two Standard state
// machines. The file starts at its `Resume` Choice, which sends an execution that carries a case
// on (after a long wait ended its previous execution, or a re-opening) to where it resumes: that
// machine, `<id>-carry-on`, runs the file as it is. New cases go to `<id>`, the same definition
// starting where `Resume` leads a new case (its Default), without the Choice: a state transition
// less on every case, and Step Functions bills each one.

import { config } from '../config.js';

export const RESUME_STATE = 'Resume';

/** The id of the machine that carries cases of `machineId` on. */
export const carryOnMachineId = (machineId: string) => `${machineId}-carry-on`;

/**
 * The ARN of the machine that carries cases of `machineId` on (a re-opening, the execution after a
 * long wait): the definition run from its `Resume` Choice.
 */
export function carryOnMachineArn(machineId: string): string {
  const arn = config().STATE_MACHINES[carryOnMachineId(machineId)];
  if (!arn) throw new Error(`no state machine configured for ${carryOnMachineId(machineId)}`);
  return arn;
}

interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly Default?: string;
  readonly Choices?: readonly { readonly Next?: string }[];
  readonly Catch?: readonly { readonly Next: string }[];
}

interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

const successors = (state: AslState): string[] =>
  [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)].filter(
    (name): name is string => name !== undefined,
  );

/**
 * The definition new cases run: it starts at `Resume`'s Default, and keeps only the states it can
 * reach from there (Step Functions refuses a definition with a state nothing leads to). A
 * definition without a `Resume` Choice first is returned as it is.
 */
export function freshCaseDefinition<T extends AslDefinition>(definition: T): T {
  const resume = definition.States[definition.StartAt];
  if (definition.StartAt !== RESUME_STATE || resume?.Type !== 'Choice' || !resume.Default) return definition;
  const reachable = new Set<string>();
  const pending = [resume.Default];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (reachable.has(name) || !(name in definition.States)) continue;
    reachable.add(name);
    pending.push(...successors(definition.States[name]!));
  }
  const States = Object.fromEntries(Object.entries(definition.States).filter(([name]) => reachable.has(name)));
  return { ...definition, StartAt: resume.Default, States };
}

/** Both machines of one definition file: the new cases' and the carry-on one, with their definitions. */
export function machineVariants<T extends AslDefinition>(machineId: string, definition: T): { id: string; definition: T }[] {
  const fresh = freshCaseDefinition(definition);
  if (fresh === definition) return [{ id: machineId, definition }];
  return [
    { id: machineId, definition: fresh },
    { id: carryOnMachineId(machineId), definition },
  ];
}
