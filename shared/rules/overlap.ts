import { evaluate, parseUnaryTests } from 'feelin';
import type { DecisionTable, TableRule } from './decision-table.js';
import { toFeel } from './feel-values.js';
import { entryAccepts } from './unary-test-cache.js';

// Two rules overlap when some input satisfies both. Columns are independent, so that holds when,
// column by column, one value satisfies both entries. For each column we build a set of witness
// values from the literals the entries mention: every literal, a value on each side of it, and
// the midpoint between neighbours. Any non-empty intersection of intervals bounded by those
// literals contains one of them, so testing the witnesses finds every overlap of ranges,
// comparisons, lists and negations, with FEEL itself deciding each test.

const OTHER_STRING = '\u0000any other value';

function literalsOf(entry: string): { numbers: number[]; strings: string[]; dates: string[]; durations: string[] } {
  const found = { numbers: [] as number[], strings: [] as string[], dates: [] as string[], durations: [] as string[] };
  if (entry === '' || entry === '-') return found;
  parseUnaryTests(entry, {}, undefined).iterate({
    enter(node) {
      const text = entry.slice(node.from, node.to);
      if (node.name === 'DateTimeLiteral') {
        const argument = /\("([^"]*)"\)/.exec(text)?.[1];
        if (argument && text.startsWith('duration')) found.durations.push(argument);
        else if (argument && text.startsWith('date') && !text.startsWith('date and time')) found.dates.push(argument);
        return false;
      }
      if (node.name === 'NumericLiteral') found.numbers.push(Number(text));
      if (node.name === 'StringLiteral') found.strings.push(JSON.parse(text) as string);
      return undefined;
    },
  });
  return found;
}

function witnesses(entries: readonly string[], typeRef: string): unknown[] {
  const literals = entries.map(literalsOf);
  const values: unknown[] = [null];
  const numbers = [...new Set(literals.flatMap((l) => l.numbers))].sort((a, b) => a - b);
  if (numbers.length) {
    values.push(numbers[0]! - 1, numbers.at(-1)! + 1);
    numbers.forEach((n, i) => {
      values.push(n);
      if (i > 0) values.push((numbers[i - 1]! + n) / 2);
    });
  } else if (typeRef === 'number') values.push(0);
  const strings = [...new Set(literals.flatMap((l) => l.strings))];
  if (typeRef === 'string' || typeRef === 'Any') values.push(...strings, OTHER_STRING);
  // Days are discrete: a date range's intersection with another holds a bound or the day next to one.
  for (const iso of new Set(literals.flatMap((l) => l.dates))) {
    for (const shift of ['- duration("P1D")', '', '+ duration("P1D")']) values.push(evaluate(`date("${iso}") ${shift}`).value);
  }
  for (const iso of new Set(literals.flatMap((l) => l.durations))) {
    for (const shift of ['- duration("PT1S")', '', '+ duration("PT1S")']) values.push(evaluate(`duration("${iso}") ${shift}`).value);
  }
  if (typeRef === 'boolean' || typeRef === 'Any') values.push(true, false);
  return values.filter((v) => v !== undefined).map((v) => toFeel(v, typeRef as DecisionTable['inputs'][number]['typeRef']));
}

const accepts = (entry: string, value: unknown) => entryAccepts(entry, value, {});

/** Pairs of rules (earlier first) that some input would both match. */
export function findOverlaps(table: DecisionTable): [TableRule, TableRule][] {
  // For each column, which rules accept each witness: a rule pair overlaps on a column when a
  // witness is accepted by both.
  const perColumn = table.inputs.map((input, column) => {
    const entries = table.rules.map((rule) => rule.inputEntries[column] ?? '-');
    return witnesses(entries, input.typeRef).map((value) => new Set(table.rules.filter((_, r) => accepts(entries[r]!, value)).map((rule) => rule.id)));
  });
  const overlaps: [TableRule, TableRule][] = [];
  table.rules.forEach((a, i) => {
    for (const b of table.rules.slice(i + 1)) {
      if (perColumn.every((sets) => sets.some((set) => set.has(a.id) && set.has(b.id)))) overlaps.push([a, b]);
    }
  });
  return overlaps;
}
