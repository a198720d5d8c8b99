import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCaseTypes } from '#shared/case-types/index.js';
import { caughtOutcomes, completionResolution } from '#shared/workflows/outcome-routes.js';
import { waitingStates } from '#shared/workflows/waiting-states.js';

// A waiting state goes on to its Next for its usual outcomes and catches `Outcome.<outcome>` for
// the others (shared/workflows/outcome-routes.ts). An outcome caught under a misspelt name would
// go on to Next: the definitions and the task kinds' outcomes must agree.
describe.each(allCaseTypes().map((t) => [t.id, t] as const))('the %s definition, for task outcomes', (_id, caseType) => {
  const definition = JSON.parse(readFileSync(`statemachines/${caseType.stateMachine}.asl.json`, 'utf8')) as {
    States: Record<string, { Type: string; Resource?: string; Next?: string; ResultPath?: string; Parameters?: { Payload?: { kind?: string } } }>;
  };
  const waiting = Object.entries(definition.States).filter(([, s]) => s.Resource?.endsWith('.waitForTaskToken'));

  it('catches only outcomes its task kind has, and leaves at least one to its Next', () => {
    for (const [name, state] of waiting) {
      const kind = caseType.taskKinds.find((k) => k.kind === state.Parameters?.Payload?.kind);
      expect(kind, name).toBeDefined();
      const caught = caughtOutcomes(waitingStates[caseType.stateMachine]![name]!);
      for (const outcome of caught) expect(kind!.outcomes, `${name}: Outcome.${outcome}`).toContain(outcome);
      expect(kind!.outcomes.filter((o) => !caught.includes(o)).length, name).toBeGreaterThan(0);
    }
  });

  it('has no Choice after a waiting state reading its outcome: a Catch routes it without a state transition', () => {
    for (const [name, state] of waiting) {
      const next = definition.States[state.Next!];
      expect(next, `${name} → ${state.Next}`).toBeDefined();
      if (next!.Type === 'Choice') expect(JSON.stringify(next), `${name} → ${state.Next}`).not.toContain(`"${state.ResultPath}.outcome"`);
    }
  });
});

describe('a completion handed over', () => {
  const qualification = { caseType: 'occupational-disease', stateName: 'Qualification' };

  it('is the state output for an outcome that goes on to Next', () => {
    expect(completionResolution(qualification, { outcome: 'accept', taskId: 'T1' })).toEqual({ output: { outcome: 'accept', taskId: 'T1' } });
  });

  it('is the outcome error, the completion as its cause, for an outcome routed by Catch', () => {
    const resolution = completionResolution(qualification, { outcome: 'reject', taskId: 'T1', data: { reason: 'x' } });
    expect(resolution).toEqual({ error: 'Outcome.reject', cause: JSON.stringify({ outcome: 'reject', taskId: 'T1', data: { reason: 'x' } }) });
  });

  it('is the output for a task of no workflow state (an ad hoc task) or of a type unknown here', () => {
    expect(completionResolution({ caseType: 'occupational-disease', stateName: undefined }, { outcome: 'reject' })).toEqual({ output: { outcome: 'reject' } });
    expect(completionResolution({ caseType: 'nope', stateName: 'Qualification' }, { outcome: 'reject' })).toEqual({ output: { outcome: 'reject' } });
  });
});
