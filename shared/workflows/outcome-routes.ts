import type { TaskRecord } from '../tasks/task-record.js';
import type { WaitResolution } from './long-waits.js';
import { waitingStateOf, type WaitingStateDefinition } from './waiting-states.js';

// A human step's outcome decides where the case goes. A Choice state after the task would read it,
// but Step Functions bills every state entered, and that Choice was one transition on every human
// step of every case. So a waiting state goes on to its Next for its usual outcomes, and an
// outcome that leads elsewhere (reject, request documents, return for correction) is handed over
// as the error `Outcome.<outcome>`, which the state catches into the state it leads to, with the
// completion as the error's cause. Which outcomes those are is read from the definitions (the
// Catch clauses, through statemachines/waiting-states.json): the definition stays the one place
// that says where each outcome goes.

const OUTCOME_ERROR_PREFIX = 'Outcome.';

/** The error a waiting state catches to route this outcome elsewhere than its Next. */
export const outcomeError = (outcome: string) => `${OUTCOME_ERROR_PREFIX}${outcome}`;

/** The outcome a caught `Outcome.<outcome>` error stands for; undefined for any other error. */
export const outcomeOfError = (error: string) => (error.startsWith(OUTCOME_ERROR_PREFIX) ? error.slice(OUTCOME_ERROR_PREFIX.length) : undefined);

/** The outcomes a waiting state routes by Catch, not by its Next. */
export function caughtOutcomes(state: WaitingStateDefinition): readonly string[] {
  return (state.Catch ?? []).flatMap((c) => c.ErrorEquals.map(outcomeOfError)).filter((o): o is string => o !== undefined);
}

/**
 * How a completed task ends its wait: its completion as the state's output, or, for an outcome the
 * state routes by Catch, as that outcome's error with the completion (JSON) as the cause.
 */
export function completionResolution(
  task: Pick<TaskRecord, 'caseType' | 'stateName'>,
  completion: { readonly outcome?: string } & Record<string, unknown>,
): WaitResolution {
  const outcome = completion.outcome;
  const waiting = waitingStateOf(task);
  if (waiting && outcome && caughtOutcomes(waiting.state).includes(outcome)) {
    return { error: outcomeError(outcome), cause: JSON.stringify(completion) };
  }
  return { output: completion };
}
