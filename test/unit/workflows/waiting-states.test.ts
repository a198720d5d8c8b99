import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitingStates, waitingStatesText } from '../../../statemachines/generate-waiting-states.js';
import { nextAfterWait, waitTimeoutAt } from '#shared/workflows/long-waits.js';

// Functions read the waiting states from statemachines/waiting-states.json, extracted from the
// definitions that are deployed; this fails when a definition changed and the file was not
// rewritten (`npm run statemachines:waiting-states`).
describe('the stored waiting states', () => {
  it('are those of the state machine definitions', () => {
    expect(readFileSync('statemachines/waiting-states.json', 'utf8')).toBe(waitingStatesText(waitingStates()));
  });

  it('lead a completed qualification where the definition goes, with its output at the ResultPath', () => {
    const task = { caseType: 'occupational-disease', stateName: 'Qualification' };
    const next = nextAfterWait(task, { caseId: 'C1' }, { output: { outcome: 'accepted' } });
    expect(next).toEqual({ machineId: 'occupational-disease', entry: 'MedicalReview', input: { caseId: 'C1', qualification: { outcome: 'accepted' } } });
    expect(nextAfterWait(task, { caseId: 'C1' }, { error: 'CaseWithdrawn', cause: 'by the claimant' })).toMatchObject({
      entry: 'CloseWithdrawn',
      input: { caseId: 'C1', stop: { Error: 'CaseWithdrawn', Cause: 'by the claimant' } },
    });
    expect(waitTimeoutAt({ ...task, createdAt: '2026-01-01T00:00:00.000Z' })).toBe('2026-06-30T00:00:00.000Z');
  });

  it('refuses a state that does not wait on a person', () => {
    expect(() => waitTimeoutAt({ caseType: 'occupational-disease', stateName: 'Resume', createdAt: '2026-01-01T00:00:00.000Z' })).toThrow(/no waiting state Resume/);
  });
});
