import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DmnFormatError, parseDmn, toDmn } from '#shared/rules/decision-table.js';
import { KNOWN_FACTS } from '#shared/rules/facts.js';
import { findOverlaps } from '#shared/rules/overlap.js';
import { validateTable } from '#shared/rules/validate-table.js';
import { table } from './tables.js';

const facts = { ...KNOWN_FACTS, x: 'number' as const };
const problemsOf = (t: Parameters<typeof validateTable>[0]) => validateTable(t, facts);

describe('validating a table', () => {
  it('finds nothing wrong with the product tables', async () => {
    for (const file of readdirSync('rules').filter((f) => f.endsWith('.dmn'))) {
      expect(validateTable(await parseDmn(readFileSync(`rules/${file}`, 'utf8')), KNOWN_FACTS), file).toEqual([]);
    }
  });

  it('names an unknown input, with its column', () => {
    const t = table('UNIQUE', [['> 1', '"a"']]);
    const problems = problemsOf({ ...t, inputs: [{ ...t.inputs[0]!, expression: 'contributionMonthz' }] });
    expect(problems).toContainEqual(expect.objectContaining({ column: 'X', message: expect.stringMatching(/unknown input name "contributionMonthz"/) }));
  });

  it('names the rule and column of a FEEL syntax error', () => {
    expect(problemsOf(table('UNIQUE', [['> 1', '"a"'], ['[1..', '"b"']]))).toEqual([
      { ruleId: 'r2', column: 'X', message: '"[1.." is not a valid FEEL unary test' },
    ]);
    expect(problemsOf(table('UNIQUE', [['> 1', '"a" +']]))[0]).toMatchObject({ ruleId: 'r1', column: 'out' });
  });

  it('refuses a comparison of the wrong type and an output of the wrong type', () => {
    expect(problemsOf(table('UNIQUE', [['"ten"', '"a"']]))).toEqual([{ ruleId: 'r1', column: 'X', message: '""ten"" compares a string with a number column' }]);
    expect(problemsOf(table('UNIQUE', [['> 1', '42']]))).toEqual([{ ruleId: 'r1', column: 'out', message: '"42" is a number, the column declares string' }]);
    expect(problemsOf(table('UNIQUE', [['> duration("P1D")', '"a"']]))[0]?.message).toMatch(/compares a duration with a number column/);
  });

  it('refuses an output outside its allowed values', () => {
    expect(problemsOf(table('PRIORITY', [['> 1', '"c"']], { allowedOutputs: '"a","b"' }))[0]).toMatchObject({ ruleId: 'r1', message: expect.stringMatching(/not one of the allowed values/) });
  });

  it('finds overlapping rules under UNIQUE: ranges, comparisons, lists, negations, wildcards', () => {
    const overlap = (a: string, b: string, type: 'number' | 'string' | 'date' = 'number') =>
      findOverlaps(table('UNIQUE', [[a, '"a"'], [b, '"b"']], { inputType: type })).length > 0;
    expect(overlap('[1..12]', '[12..24]')).toBe(true);
    expect(overlap('[1..12[', '[12..24]')).toBe(false);
    expect(overlap('< 12', '>= 12')).toBe(false);
    expect(overlap('< 12', '> 11')).toBe(true);
    expect(overlap('< 12', '> 11.9')).toBe(true);
    expect(overlap('1, 2, 3', '4, 5')).toBe(false);
    expect(overlap('1, 2, 3', '[3..4]')).toBe(true);
    expect(overlap('not(1, 2)', '1')).toBe(false);
    expect(overlap('not(1, 2)', '3')).toBe(true);
    expect(overlap('-', '7')).toBe(true);
    expect(overlap('"a","b"', '"c"', 'string')).toBe(false);
    expect(overlap('not("a")', '"c"', 'string')).toBe(true);
    expect(overlap('< date("2024-01-01")', '>= date("2024-01-01")', 'date')).toBe(false);
    expect(overlap('<= date("2024-01-01")', '>= date("2024-01-01")', 'date')).toBe(true);
  });

  it('reports an overlap with both rules named, and only when the hit policy forbids it', () => {
    expect(problemsOf(table('UNIQUE', [['< 10', '"a"'], ['< 20', '"b"']]))).toEqual([
      { ruleId: 'r2', message: 'overlaps rule r1: under UNIQUE at most one rule may match any input' },
    ]);
    expect(problemsOf(table('FIRST', [['< 10', '"a"'], ['< 20', '"b"']]))).toEqual([]);
    expect(problemsOf(table('ANY', [['< 10', '"a"'], ['< 20', '"a"']]))).toEqual([]);
    expect(problemsOf(table('ANY', [['< 10', '"a"'], ['< 20', '"b"']]))[0]?.message).toMatch(/different outputs/);
  });

  it('looks at every column: rules that differ on one input do not overlap', () => {
    const t = table('UNIQUE', [['< 10', '"a"']]);
    const two = {
      ...t,
      inputs: [...t.inputs, { id: 'y', label: 'Y', expression: 'requestType', typeRef: 'string' as const }],
      rules: [
        { id: 'r1', inputEntries: ['< 10', '"initial"'], outputEntries: ['"a"'] },
        { id: 'r2', inputEntries: ['< 20', '"relapse"'], outputEntries: ['"b"'] },
      ],
    };
    expect(problemsOf(two)).toEqual([]);
  });

  it('checks hit policy requirements', () => {
    expect(problemsOf(table('PRIORITY', [['> 1', '"a"']]))[0]?.message).toMatch(/PRIORITY needs the allowed values/);
    expect(problemsOf(table('FIRST', [['> 1', '"a"']], { aggregation: 'SUM' })).map((p) => p.message)).toEqual([
      'aggregation SUM needs the COLLECT hit policy',
      'SUM needs a number output',
    ]);
  });
});

describe('DMN files', () => {
  it('round-trip through dmn-moddle without losing anything', async () => {
    for (const file of readdirSync('rules').filter((f) => f.endsWith('.dmn'))) {
      const parsed = await parseDmn(readFileSync(`rules/${file}`, 'utf8'));
      expect(await parseDmn(await toDmn(parsed))).toEqual(parsed);
    }
  });

  it('refuses what is not one DMN decision table, saying why', async () => {
    await expect(parseDmn('<definitions')).rejects.toThrow(DmnFormatError);
    await expect(parseDmn('<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="x"/>')).rejects.toThrow(/expected one decision, found 0/);
    const literal =
      '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="x"><decision id="a" name="a"><literalExpression id="l"><text>1</text></literalExpression></decision></definitions>';
    await expect(parseDmn(literal)).rejects.toThrow(/not a decision table/);
  });
});

describe('temporal columns', () => {
  it('accept date and duration literals in date and duration columns', () => {
    const dates = table('UNIQUE', [['< date("2024-01-01")', '"old"'], ['>= date("2024-01-01")', '"new"']], { inputType: 'date' });
    expect(validateTable({ ...dates, inputs: [{ ...dates.inputs[0]!, expression: 'declaredOn' }] }, KNOWN_FACTS)).toEqual([]);
  });
});
