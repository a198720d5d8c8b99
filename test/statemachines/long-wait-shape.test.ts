import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stateMachines } from '#functions/registry.js';
import { waitingStates } from '#shared/workflows/waiting-states.js';

// Every state that waits on a person must be able to end its execution and be carried on by the
// next one (shared/workflows/long-waits.ts): a state that could not would keep its execution open
// for months, or strand the case when its wait is parked.
describe.each(stateMachines.map((m) => m.id))('the %s state machine, for long waits', (id) => {
  const definition = JSON.parse(readFileSync(`statemachines/${id}.asl.json`, 'utf8')) as {
    StartAt: string;
    States: Record<string, { Type: string; Resource?: string; Next?: string; Parameters?: { Payload?: Record<string, unknown> }; Catch?: { ErrorEquals: string[]; Next: string }[]; Choices?: { And?: { StringEquals?: string }[]; Next: string }[] }>;
  };
  const waiting = Object.entries(definition.States).filter(([, s]) => s.Resource?.endsWith('.waitForTaskToken'));
  const resume = definition.States[definition.StartAt]!;
  const entries = new Set((resume.Choices ?? []).flatMap((c) => c.And?.map((a) => a.StringEquals).filter((v) => v === c.Next) ?? []));

  it('is known to the functions (statemachines/waiting-states.json)', () => {
    expect(waiting.length).toBeGreaterThan(0);
    expect(Object.keys(waitingStates[id] ?? {})).toEqual(waiting.map(([name]) => name));
  });

  it('starts with the Resume choice, which sends a carried-on execution to every state a wait leads to', () => {
    expect(definition.StartAt).toBe('Resume');
    expect(resume.Type).toBe('Choice');
    for (const [name, state] of waiting) {
      for (const target of [state.Next!, ...(state.Catch ?? []).map((c) => c.Next).filter((n) => n !== 'Parked')]) {
        expect(entries.has(target), `${name} → ${target}`).toBe(true);
      }
    }
  });

  it('lets every waiting state end its execution (WaitParked, caught first into a Succeed state) and keeps its input for the next', () => {
    for (const [name, state] of waiting) {
      expect(state.Catch?.[0], name).toMatchObject({ ErrorEquals: ['WaitParked'], Next: 'Parked' });
      expect(state.Parameters?.Payload?.['stateInput.$'], name).toBe('$');
      expect(state.Catch?.some((c) => c.ErrorEquals.includes('WaitTimedOut') && c.ErrorEquals.includes('States.Timeout')), name).toBe(true);
    }
    expect(definition.States.Parked?.Type).toBe('Succeed');
  });
});
