import { evaluate } from 'feelin';
import { DecisionError } from './decision-error.js';
import type { DecisionTable, TableOutput, TableRule } from './decision-table.js';
import { feelTypeOf, fitsType, fromFeel, toFeel } from './feel-values.js';
import { entryAccepts, readsNoFacts } from './unary-test-cache.js';

/** What a table gave for one set of facts. */
export interface TableResult {
  /** One output column: its value; several: an object by output name; multiple hits: a list. */
  readonly value: unknown;
  /** The rules whose outputs make the result, in result order. */
  readonly matchedRules: readonly string[];
}

const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Evaluates a decision table on facts (JSON values by name) with DMN semantics: input entries are
 * FEEL unary tests against the input expression's value, output entries FEEL expressions, and the
 * hit policy decides what the matches make.
 */
export function evaluateTable(table: DecisionTable, facts: Readonly<Record<string, unknown>>): TableResult {
  const context: Record<string, unknown> = { ...facts };
  const inputValues = table.inputs.map((input) => {
    // A bare name is the common case; skipping the FEEL parser for it keeps decide() fast.
    const raw = BARE_NAME.test(input.expression) ? (context[input.expression] ?? null) : evaluate(input.expression, context).value;
    const value = toFeel(raw, input.typeRef);
    if (!fitsType(value, input.typeRef)) {
      throw new DecisionError('invalid-input', `${input.label ?? input.id}: expected ${input.typeRef}, got ${feelTypeOf(value)}`, [], input.id);
    }
    if (input.allowedValues && value !== null && !entryAccepts(input.allowedValues, value, context)) {
      throw new DecisionError('invalid-input', `${input.label ?? input.id}: ${JSON.stringify(fromFeel(value))} is not one of ${input.allowedValues}`, [], input.id);
    }
    return value;
  });

  const matches = table.rules.filter((rule) => rule.inputEntries.every((entry, i) => entryAccepts(entry, inputValues[i], context)));
  const outputsOf = (rule: TableRule) => table.outputs.map((output, i) => outputValue(output, rule.outputEntries[i] ?? 'null', context, rule.id));
  const shape = (values: unknown[]) =>
    table.outputs.length === 1 ? values[0] : Object.fromEntries(table.outputs.map((o, i) => [o.name, values[i]]));

  if (matches.length === 0) return { value: noMatch(table, context), matchedRules: [] };
  const hits = matches.map((rule) => ({ rule, values: outputsOf(rule) }));

  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (hits.length > 1) {
        throw new DecisionError('ambiguous', `UNIQUE table ${table.decisionId} matched ${hits.length} rules`, hits.map((h) => h.rule.id));
      }
      return single(hits[0]!);
    case 'ANY': {
      const first = JSON.stringify(hits[0]!.values.map(fromFeel));
      const differing = hits.filter((h) => JSON.stringify(h.values.map(fromFeel)) !== first);
      if (differing.length) {
        throw new DecisionError('conflicting-outputs', `ANY table ${table.decisionId}: matching rules give different outputs`, hits.map((h) => h.rule.id));
      }
      return single(hits[0]!);
    }
    case 'FIRST':
      return single(hits[0]!);
    case 'PRIORITY':
      return single(byPriority(table, hits)[0]!);
    case 'RULE ORDER':
      return many(hits);
    case 'OUTPUT ORDER':
      return many(byPriority(table, hits));
    case 'COLLECT': {
      if (!table.aggregation) return many(hits);
      const values = hits.map((h) => h.values[0]).filter((v) => v !== null && v !== undefined);
      return { value: aggregate(table.aggregation, values as number[]), matchedRules: hits.map((h) => h.rule.id) };
    }
  }

  function single(hit: { rule: TableRule; values: unknown[] }): TableResult {
    return { value: fromFeel(shape(hit.values)), matchedRules: [hit.rule.id] };
  }
  function many(list: { rule: TableRule; values: unknown[] }[]): TableResult {
    return { value: list.map((h) => fromFeel(shape(h.values))), matchedRules: list.map((h) => h.rule.id) };
  }
}

// Output entries that read no facts are constants: evaluate each once.
const constantOutputs = new Map<string, unknown>();

function outputValue(output: TableOutput, entry: string, context: Record<string, unknown>, ruleId: string): unknown {
  const key = `${output.typeRef}:${entry}`;
  let value = constantOutputs.get(key);
  if (value === undefined) {
    value = toFeel(evaluate(entry, context).value, output.typeRef);
    if (readsNoFacts(entry) && constantOutputs.size < 10_000) constantOutputs.set(key, value);
  }
  if (!fitsType(value, output.typeRef)) {
    throw new DecisionError('invalid-output', `${output.name}: rule ${ruleId} gives ${feelTypeOf(value)}, expected ${output.typeRef}`, [ruleId], output.id);
  }
  return value;
}

function noMatch(table: DecisionTable, context: Record<string, unknown>): unknown {
  const multiple = ['COLLECT', 'RULE ORDER', 'OUTPUT ORDER'].includes(table.hitPolicy);
  if (table.hitPolicy === 'COLLECT' && table.aggregation === 'COUNT') return 0;
  if (multiple) return table.aggregation ? null : [];
  if (!table.outputs.some((o) => o.defaultValue !== undefined)) return null;
  const defaults = table.outputs.map((o) => (o.defaultValue === undefined ? null : fromFeel(toFeel(evaluate(o.defaultValue, context).value, o.typeRef))));
  return table.outputs.length === 1 ? defaults[0] : Object.fromEntries(table.outputs.map((o, i) => [o.name, defaults[i]]));
}

/** Output priority is the order of each output's allowed values, first output first. */
function byPriority<T extends { values: unknown[] }>(table: DecisionTable, hits: T[]): T[] {
  const orders = table.outputs.map((output) => allowedValueList(output.allowedValues));
  const rank = (hit: T) =>
    hit.values.map((value, i) => {
      const order = orders[i];
      if (!order) return 0;
      const index = order.indexOf(JSON.stringify(fromFeel(value)));
      return index === -1 ? order.length : index;
    });
  return hits
    .map((hit, position) => ({ hit, position, rank: rank(hit) }))
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
      return a.position - b.position;
    })
    .map((entry) => entry.hit);
}

/** `"high","normal","low"` → their JSON forms, in order (for priorities). */
export function allowedValueList(allowedValues: string | undefined): string[] | undefined {
  if (!allowedValues) return undefined;
  const list = evaluate(`[${allowedValues}]`).value;
  return Array.isArray(list) ? list.map((v) => JSON.stringify(fromFeel(v))) : undefined;
}

function aggregate(aggregation: NonNullable<DecisionTable['aggregation']>, values: number[]): number | null {
  if (aggregation === 'COUNT') return values.length;
  if (values.length === 0) return null;
  if (aggregation === 'SUM') return values.reduce((sum, v) => sum + v, 0);
  return aggregation === 'MIN' ? Math.min(...values) : Math.max(...values);
}
