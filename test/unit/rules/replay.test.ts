import { describe, expect, it } from 'vitest';
import { replay, type RecordedDecision } from '#shared/rules/simulate.js';
import { table } from './tables.js';

const recorded = (caseId: string, facts: Record<string, number | string | null>, value: unknown): RecordedDecision => ({
  caseId,
  caseType: 'test',
  version: 1,
  value,
  facts,
  evaluatedAt: '2026-01-01T00:00:00.000Z',
});

describe('replaying a draft over recorded decisions', () => {
  it('lists only the cases whose outcome changes, with before and after', () => {
    const draft = table('UNIQUE', [['< 10', '"small"'], ['>= 10', '"big"']]);
    const result = replay(draft, [recorded('A', { x: 5 }, 'small'), recorded('B', { x: 15 }, 'small'), recorded('C', { x: 20 }, 'big')]);
    expect(result.evaluated).toBe(3);
    expect(result.changed).toEqual([{ caseId: 'B', caseType: 'test', version: 1, before: 'small', after: 'big' }]);
    expect(result.impact.transitions).toEqual({ '"small" → "big"': 1 });
  });

  it('counts documents newly required and no longer required', () => {
    const draft = table('COLLECT', [['< 24', '"payslips"']]);
    const result = replay(draft, [recorded('A', { x: 12 }, []), recorded('B', { x: 18 }, []), recorded('C', { x: 30 }, ['payslips'])]);
    expect(result.impact.itemsAdded).toEqual({ payslips: 2 });
    expect(result.impact.itemsRemoved).toEqual({ payslips: 1 });
  });

  it('sums deadline shifts in days and the money a rate change moves', () => {
    const deadlines = table('UNIQUE', [['-', 'duration("P10D")']], { outputType: 'dayTimeDuration' });
    expect(replay(deadlines, [recorded('A', { x: 1 }, 'P15D'), recorded('B', { x: 1 }, 'P5D')]).impact.durationShiftDays).toEqual({ total: 0, longer: 1, shorter: 1 });
    const rates = table('UNIQUE', [['-', '0.8']], { outputType: 'number' });
    const result = replay(rates, [recorded('A', { x: 1, amount: 120.5 }, 0.75), recorded('B', { x: 1, amount: 1000 }, 0.9)]);
    // 120.50 × 0.05 − 1000 × 0.10, in decimal arithmetic (no binary rounding drift).
    expect(result.impact.amountDelta).toBe('-93.98');
    expect(result.impact.numberDelta).toEqual({ total: -0.05, up: 1, down: 1 });
  });

  it('reports the cases a draft could not decide instead of failing the whole simulation', () => {
    const ambiguous = table('UNIQUE', [['< 10', '"a"'], ['< 20', '"b"']]);
    const result = replay(ambiguous, [recorded('A', { x: 5 }, 'a'), recorded('B', { x: 15 }, 'b')]);
    expect(result.failed).toEqual([{ caseId: 'A', error: expect.stringMatching(/matched 2 rules/), ruleIds: ['r1', 'r2'] }]);
    expect(result.changed).toEqual([]);
  });
});
