import { describe, expect, it } from 'vitest';
import { DecisionError } from '#shared/rules/decision-error.js';
import { evaluateTable } from '#shared/rules/evaluate-table.js';
import { table } from './tables.js';

// In the manner of the DMN TCK: one table per behaviour, inputs and the expected result.

describe('unary tests', () => {
  const cases: [string, unknown, boolean, string?][] = [
    ['[1..12]', 5, true],
    ['[1..12]', 12, true],
    ['[1..12[', 12, false],
    [']1..12]', 1, false],
    ['[1..12]', 13, false],
    ['>= 24', 24, true],
    ['>= 24', 23.5, false],
    ['< 3', 2, true],
    ['3, 5, 8', 5, true],
    ['3, 5, 8', 4, false],
    ['not(3, 5)', 4, true],
    ['not(3, 5)', 5, false],
    ['not([1..10])', 11, true],
    ['-', 42, true],
    ['"initial"', 'initial', true, 'string'],
    ['"relapse","aggravation"', 'initial', false, 'string'],
    ['not("initial")', 'relapse', true, 'string'],
    ['< date("2024-01-01")', '2023-12-31', true, 'date'],
    ['[date("2024-01-01")..date("2024-12-31")]', '2025-01-01', false, 'date'],
    ['> duration("P10D")', 'P11D', true, 'dayTimeDuration'],
    ['> duration("P10D")', 'P10D', false, 'dayTimeDuration'],
    ['true', true, true, 'boolean'],
    ['null', null, true],
  ];
  for (const [entry, value, matches, type] of cases) {
    it(`${entry} ${matches ? 'accepts' : 'refuses'} ${JSON.stringify(value)}`, () => {
      const t = table('UNIQUE', [[entry, '"hit"']], { inputType: (type ?? 'number') as never });
      expect(evaluateTable(t, { x: value }).value).toBe(matches ? 'hit' : null);
    });
  }
});

describe('hit policies', () => {
  const overlapping: [string, string][] = [
    ['> 10', '"big"'],
    ['> 100', '"huge"'],
    ['-', '"any"'],
  ];

  it('UNIQUE gives the one match, and none gives null', () => {
    const t = table('UNIQUE', [['< 10', '"small"'], ['>= 10', '"big"']]);
    expect(evaluateTable(t, { x: 3 })).toEqual({ value: 'small', matchedRules: ['r1'] });
    expect(evaluateTable(table('UNIQUE', [['< 10', '"small"']]), { x: 30 }).value).toBeNull();
  });

  it('UNIQUE with two matches is an error naming both rules, not a pick', () => {
    const t = table('UNIQUE', [['< 10', '"small"'], ['< 20', '"medium"']]);
    const error = (() => {
      try {
        evaluateTable(t, { x: 5 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DecisionError);
    expect((error as DecisionError).ruleIds).toEqual(['r1', 'r2']);
  });

  it('FIRST gives the first match in rule order', () => {
    expect(evaluateTable(table('FIRST', overlapping), { x: 500 })).toEqual({ value: 'big', matchedRules: ['r1'] });
  });

  it('ANY accepts several matches that agree, and refuses those that do not', () => {
    expect(evaluateTable(table('ANY', [['> 10', '"yes"'], ['> 20', '"yes"']]), { x: 30 }).value).toBe('yes');
    expect(() => evaluateTable(table('ANY', [['> 10', '"yes"'], ['> 20', '"no"']]), { x: 30 })).toThrow(DecisionError);
  });

  it('PRIORITY gives the match whose output comes first in the allowed values', () => {
    const t = table('PRIORITY', overlapping, { allowedOutputs: '"huge","big","any"' });
    expect(evaluateTable(t, { x: 500 })).toEqual({ value: 'huge', matchedRules: ['r2'] });
    expect(evaluateTable(t, { x: 50 }).value).toBe('big');
    expect(evaluateTable(t, { x: 5 }).value).toBe('any');
  });

  it('RULE ORDER lists every match in rule order; OUTPUT ORDER by output priority', () => {
    expect(evaluateTable(table('RULE ORDER', overlapping), { x: 500 }).value).toEqual(['big', 'huge', 'any']);
    const ordered = table('OUTPUT ORDER', overlapping, { allowedOutputs: '"any","huge","big"' });
    expect(evaluateTable(ordered, { x: 500 })).toEqual({ value: ['any', 'huge', 'big'], matchedRules: ['r3', 'r2', 'r1'] });
    expect(evaluateTable(table('RULE ORDER', [['> 10', '"big"']]), { x: 1 }).value).toEqual([]);
  });

  it('COLLECT lists the matches, or aggregates them with SUM, MIN, MAX and COUNT', () => {
    const numbers: [string, string][] = [
      ['> 10', '5'],
      ['> 100', '20'],
      ['-', '1'],
    ];
    const collect = (aggregation?: 'SUM' | 'MIN' | 'MAX' | 'COUNT') =>
      table('COLLECT', numbers, { outputType: 'number', ...(aggregation ? { aggregation } : {}) });
    expect(evaluateTable(collect(), { x: 500 }).value).toEqual([5, 20, 1]);
    expect(evaluateTable(collect('SUM'), { x: 500 }).value).toBe(26);
    expect(evaluateTable(collect('MIN'), { x: 500 }).value).toBe(1);
    expect(evaluateTable(collect('MAX'), { x: 500 }).value).toBe(20);
    expect(evaluateTable(collect('COUNT'), { x: 500 }).value).toBe(3);
    expect(evaluateTable(collect('SUM'), { x: 50 }).value).toBe(6);
    expect(evaluateTable(table('COLLECT', [['> 10', '5']], { outputType: 'number', aggregation: 'COUNT' }), { x: 1 }).value).toBe(0);
  });

  it('with no match, single-hit tables give the default output when there is one', () => {
    const t = table('UNIQUE', [['> 10', '"big"']], { defaultOutput: '"small"' });
    expect(evaluateTable(t, { x: 1 })).toEqual({ value: 'small', matchedRules: [] });
  });

  it('several outputs make an object by output name', () => {
    const t = table('UNIQUE', [['> 10', '"big"']]);
    const two = { ...t, outputs: [...t.outputs, { id: 'n', name: 'n', typeRef: 'number' as const }], rules: [{ id: 'r1', inputEntries: ['> 10'], outputEntries: ['"big"', '2'] }] };
    expect(evaluateTable(two, { x: 11 }).value).toEqual({ out: 'big', n: 2 });
  });
});

describe('inputs and outputs', () => {
  it('an input of the wrong type is an error naming the column, not a silent miss', () => {
    expect(() => evaluateTable(table('UNIQUE', [['>= 24', '"long"']]), { x: 'thirty' })).toThrow(/X: expected number, got string/);
  });

  it('an input outside its allowed values is refused', () => {
    const t = table('UNIQUE', [['"a"', '"A"']], { inputType: 'string' });
    const constrained = { ...t, inputs: [{ ...t.inputs[0]!, allowedValues: '"a","b"' }] };
    expect(() => evaluateTable(constrained, { x: 'c' })).toThrow(/not one of/);
    expect(evaluateTable(constrained, { x: 'b' }).value).toBeNull();
  });

  it('input expressions are FEEL: paths and arithmetic', () => {
    const t = table('UNIQUE', [['> 100', '"big"']]);
    const computed = { ...t, inputs: [{ ...t.inputs[0]!, expression: 'claim.amount * 2' }] };
    expect(evaluateTable(computed, { claim: { amount: 60 } }).value).toBe('big');
  });

  it('durations and dates come out as ISO strings', () => {
    expect(evaluateTable(table('UNIQUE', [['-', 'duration("P15D")']], { outputType: 'dayTimeDuration' }), { x: 1 }).value).toBe('P15D');
    expect(evaluateTable(table('UNIQUE', [['-', 'date("2024-01-01") + duration("P1D")']], { outputType: 'date' }), { x: 1 }).value).toBe('2024-01-02');
  });

  it('an output entry may compute from the facts', () => {
    expect(evaluateTable(table('UNIQUE', [['-', 'x * 0.75']], { outputType: 'number' }), { x: 100 }).value).toBe(75);
  });
});
