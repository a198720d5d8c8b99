// `npm run statemachines:waiting-states` rewrites statemachines/waiting-states.json: of each state
// machine, only the states that wait on a person (a `.waitForTaskToken` task), with the fields a
// function needs to carry a case on after a long wait (Next, ResultPath, TimeoutSeconds, Catch).
// Functions read that file, not the whole definitions (30 kB of ASL in every function that
// completes a task); a unit test fails until it is rewritten after a definition changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateMachines } from '#functions/registry.js';
import type { WaitingStates, WaitingStateDefinition } from '#shared/workflows/waiting-states.js';

const here = fileURLToPath(new URL('.', import.meta.url));

interface AslState extends WaitingStateDefinition {
  readonly Resource?: string;
}

export function waitingStates(): WaitingStates {
  const machines: Record<string, Record<string, WaitingStateDefinition>> = {};
  for (const { id } of stateMachines) {
    const definition = JSON.parse(readFileSync(join(here, `${id}.asl.json`), 'utf8')) as { States: Record<string, AslState> };
    const states: Record<string, WaitingStateDefinition> = {};
    for (const [name, state] of Object.entries(definition.States)) {
      if (!state.Resource?.endsWith('.waitForTaskToken')) continue;
      states[name] = {
        ...(state.Next !== undefined && { Next: state.Next }),
        ...(state.ResultPath !== undefined && { ResultPath: state.ResultPath }),
        ...(state.TimeoutSeconds !== undefined && { TimeoutSeconds: state.TimeoutSeconds }),
        ...(state.Catch && { Catch: state.Catch.map(({ ErrorEquals, ResultPath, Next }) => ({ ErrorEquals, ...(ResultPath !== undefined && { ResultPath }), Next })) }),
      };
    }
    machines[id] = states;
  }
  return machines;
}

export const waitingStatesText = (states: WaitingStates) => `${JSON.stringify(states, null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(here, 'waiting-states.json'), waitingStatesText(waitingStates()));
  process.stdout.write('statemachines/waiting-states.json written\n');
}
