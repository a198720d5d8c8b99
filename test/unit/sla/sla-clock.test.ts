import { describe, expect, it } from 'vitest';
import { markReached, nextCheckAt, pauseClock, resumeClock, startClock, stateOf, stopClock, thresholdsDue, viewClock } from '#shared/sla/sla-clock.js';

// Hand-checked on the French calendar, in a week of 2026 without public holidays: Monday
// 5 October 2026, 09:00 in Paris, is 07:00 UTC.
const monday = new Date('2026-10-05T07:00:00Z');
const at = (iso: string) => new Date(iso);

describe('an SLA clock in business time', () => {
  const clock = startClock({ calendar: 'FR', target: 'P4D', at: monday });

  it('turns at risk after three quarters of its target and breaches at the target', () => {
    expect(stateOf(clock, at('2026-10-08T06:59:00Z'))).toBe('on-track'); // Thursday 08:59: 2.99 days
    expect(stateOf(clock, at('2026-10-08T07:00:00Z'))).toBe('at-risk'); // Thursday 09:00: 3 days
    expect(stateOf(clock, at('2026-10-09T06:59:00Z'))).toBe('at-risk');
    expect(stateOf(clock, at('2026-10-09T07:00:00Z'))).toBe('breached'); // Friday 09:00: 4 days
  });

  it('does not count a weekend', () => {
    const friday = startClock({ calendar: 'FR', target: 'P1D', at: at('2026-10-09T13:00:00Z') }); // Friday 15:00
    expect(stateOf(friday, at('2026-10-11T20:00:00Z'))).toBe('on-track'); // Sunday night: 9 hours spent
    expect(viewClock(friday, at('2026-10-11T20:00:00Z')).dueAt).toBe('2026-10-12T13:00:00.000Z'); // Monday 15:00
  });

  it('stands still while paused and picks up where it stopped when resumed', () => {
    const paused = pauseClock(clock, at('2026-10-06T07:00:00Z'), 'waiting-on-claimant'); // Tuesday 09:00: 1 day spent
    expect(viewClock(paused, at('2026-10-20T07:00:00Z'))).toMatchObject({ paused: true, elapsedBusinessDays: 1, state: 'on-track' });
    expect(nextCheckAt(paused)).toBeUndefined();
    const resumed = resumeClock(paused, at('2026-10-19T07:00:00Z')); // resumed two weeks later, Monday 09:00
    expect(viewClock(resumed, at('2026-10-19T07:00:00Z'))).toMatchObject({ paused: false, elapsedBusinessDays: 1, dueAt: '2026-10-22T07:00:00.000Z' });
    expect(stateOf(resumed, at('2026-10-21T07:00:00Z'))).toBe('at-risk'); // Wednesday: 3 days
  });

  it('names each threshold once, then nothing once both are acted upon', () => {
    const late = at('2026-10-12T07:00:00Z');
    expect(thresholdsDue(clock, late)).toEqual(['at-risk', 'breached']);
    const warned = markReached(clock, ['at-risk'], late);
    expect(thresholdsDue(warned, late)).toEqual(['breached']);
    expect(nextCheckAt(warned)).toBe('2026-10-09T07:00:00.000Z');
    const done = markReached(warned, ['breached'], late);
    expect(thresholdsDue(done, late)).toEqual([]);
    expect(nextCheckAt(done)).toBeUndefined();
  });

  it('keeps its final state once stopped', () => {
    const stopped = stopClock(clock, at('2026-10-07T07:00:00Z')); // Wednesday: 2 days
    expect(viewClock(stopped, at('2026-12-01T07:00:00Z'))).toMatchObject({ stopped: true, elapsedBusinessDays: 2, state: 'on-track' });
    expect(thresholdsDue(stopped, at('2026-12-01T07:00:00Z'))).toEqual([]);
  });
});
