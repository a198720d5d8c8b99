import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import type { DecisionTable } from './decision-table.js';
import { feelTypeOf, fitsType, fromFeel, toFeel } from './feel-values.js';
import { findOverlaps } from './overlap.js';

/** One thing wrong with a table, located as a business user would look for it. */
export interface TableProblem {
  readonly ruleId?: string;
  /** The input or output column (its label, or id). */
  readonly column?: string;
  readonly message: string;
}

/** The facts a table may read, with their FEEL types. */
export type KnownFacts = Readonly<Record<string, DecisionTable['inputs'][number]['typeRef']>>;

interface Scan {
  readonly syntaxError: boolean;
  readonly names: string[];
  /** Types of the literals compared against the column's value (not those inside function calls). */
  readonly literalTypes: string[];
}

function scan(tree: ReturnType<typeof parseUnaryTests>, text: string): Scan {
  const result: Scan = { syntaxError: false, names: [], literalTypes: [] };
  let callDepth = 0;
  tree.iterate({
    enter(node) {
      if (node.type.isError) (result as { syntaxError: boolean }).syntaxError = true;
      if (node.name === 'FunctionInvocation') {
        callDepth++;
        return;
      }
      if (node.name === 'DateTimeLiteral') {
        // date("..."), duration("..."): one literal of that type (its string argument is not a string literal).
        const name = text.slice(node.from, text.indexOf('(', node.from)).trim();
        if (callDepth === 0) result.literalTypes.push(name === 'date' ? 'date' : name === 'duration' ? 'duration' : name);
        return false;
      }
      if (node.name === 'VariableName' && node.node.parent?.name !== 'FunctionInvocation') result.names.push(text.slice(node.from, node.to));
      if (callDepth > 0) return;
      if (node.name === 'NumericLiteral') result.literalTypes.push('number');
      if (node.name === 'StringLiteral') result.literalTypes.push('string');
      if (node.name === 'BooleanLiteral') result.literalTypes.push('boolean');
      return;
    },
    leave(node) {
      if (node.name === 'FunctionInvocation') callDepth--;
    },
  });
  return result;
}

/**
 * The parse tree flags some errors; others ("Incomplete <Interval>") only show when feelin builds
 * the expression, so each text is also built once, with every fact unknown.
 */
function fails(kind: 'test' | 'expression', text: string): boolean {
  try {
    if (kind === 'test') unaryTest(text, { '?': null });
    else evaluate(text, {});
    return false;
  } catch {
    return true;
  }
}

const literalFits = (literal: string, typeRef: string) =>
  typeRef === 'Any' || literal === typeRef || (literal === 'duration' && typeRef.endsWith('Duration'));

/**
 * Everything that would make a table wrong or ambiguous, found before it is saved or published:
 * unknown input names, FEEL syntax errors, values of the wrong type, rules that overlap where the
 * hit policy forbids it. An empty list means the table is sound.
 */
export function validateTable(table: DecisionTable, facts: KnownFacts): TableProblem[] {
  const problems: TableProblem[] = [];
  const columnOf = (c: { label?: string | undefined; id: string; name?: string }) => c.label ?? c.name ?? c.id;
  const nullFacts = Object.fromEntries(Object.keys(facts).map((name) => [name, null]));

  for (const [kind, ids] of [
    ['input', table.inputs.map((i) => i.id)],
    ['output', table.outputs.map((o) => o.name)],
    ['rule', table.rules.map((r) => r.id)],
  ] as const) {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push({ message: `${kind} ${id} appears twice` });
      seen.add(id);
    }
  }

  for (const input of table.inputs) {
    const column = columnOf(input);
    const scanned = scan(parseExpression(input.expression, {}, undefined), input.expression);
    if (scanned.syntaxError || fails('expression', input.expression)) problems.push({ column, message: `input expression "${input.expression}" is not valid FEEL` });
    for (const name of scanned.names) {
      if (!(name.split('.')[0]! in facts)) problems.push({ column, message: `unknown input name "${name}" (known: ${Object.keys(facts).join(', ')})` });
    }
    const factType = facts[input.expression];
    if (factType && input.typeRef !== 'Any' && factType !== input.typeRef) {
      problems.push({ column, message: `"${input.expression}" is a ${factType}, the column declares ${input.typeRef}` });
    }
  }

  const hasAllowedValues = table.outputs.every((o) => o.allowedValues);
  if ((table.hitPolicy === 'PRIORITY' || table.hitPolicy === 'OUTPUT ORDER') && !hasAllowedValues) {
    problems.push({ message: `${table.hitPolicy} needs the allowed values of every output, in priority order` });
  }
  if (table.aggregation) {
    if (table.hitPolicy !== 'COLLECT') problems.push({ message: `aggregation ${table.aggregation} needs the COLLECT hit policy` });
    if (table.outputs.length !== 1) problems.push({ message: 'aggregation needs exactly one output column' });
    if (table.aggregation !== 'COUNT' && table.outputs[0]?.typeRef !== 'number') {
      problems.push({ column: columnOf(table.outputs[0]!), message: `${table.aggregation} needs a number output` });
    }
  }

  for (const rule of table.rules) {
    if (rule.inputEntries.length !== table.inputs.length) {
      problems.push({ ruleId: rule.id, message: `has ${rule.inputEntries.length} input entries for ${table.inputs.length} inputs` });
      continue;
    }
    if (rule.outputEntries.length !== table.outputs.length) {
      problems.push({ ruleId: rule.id, message: `has ${rule.outputEntries.length} output entries for ${table.outputs.length} outputs` });
      continue;
    }
    rule.inputEntries.forEach((entry, i) => {
      const input = table.inputs[i]!;
      const column = columnOf(input);
      if (entry === '' || entry === '-') return;
      const scanned = scan(parseUnaryTests(entry, {}, undefined), entry);
      if (scanned.syntaxError || fails('test', entry)) return problems.push({ ruleId: rule.id, column, message: `"${entry}" is not a valid FEEL unary test` });
      for (const name of scanned.names) {
        if (!(name.split('.')[0]! in facts)) problems.push({ ruleId: rule.id, column, message: `unknown name "${name}" in "${entry}"` });
      }
      const wrong = scanned.literalTypes.find((literal) => !literalFits(literal, input.typeRef));
      if (wrong) problems.push({ ruleId: rule.id, column, message: `"${entry}" compares a ${wrong} with a ${input.typeRef} column` });
      return undefined;
    });
    rule.outputEntries.forEach((entry, i) => {
      const output = table.outputs[i]!;
      const column = columnOf(output);
      const scanned = scan(parseExpression(entry || 'null', {}, undefined), entry);
      if (scanned.syntaxError || fails('expression', entry || 'null')) return problems.push({ ruleId: rule.id, column, message: `"${entry}" is not a valid FEEL expression` });
      for (const name of scanned.names) {
        if (!(name.split('.')[0]! in facts)) problems.push({ ruleId: rule.id, column, message: `unknown name "${name}" in "${entry}"` });
      }
      if (scanned.names.length) return undefined;
      const { value, warnings } = evaluate(entry || 'null', nullFacts);
      const feelValue = toFeel(value, output.typeRef);
      if (warnings.length && value === null) return problems.push({ ruleId: rule.id, column, message: `"${entry}": ${warnings[0]!.message}` });
      if (!fitsType(feelValue, output.typeRef)) {
        return problems.push({ ruleId: rule.id, column, message: `"${entry}" is a ${feelTypeOf(feelValue)}, the column declares ${output.typeRef}` });
      }
      if (output.allowedValues && feelValue !== null) {
        const allowed = evaluate(`[${output.allowedValues}]`).value as unknown[];
        const json = JSON.stringify(fromFeel(feelValue));
        if (!allowed.some((v) => JSON.stringify(fromFeel(v)) === json)) {
          problems.push({ ruleId: rule.id, column, message: `"${entry}" is not one of the allowed values ${output.allowedValues}` });
        }
      }
      return undefined;
    });
  }

  // Overlap analysis only makes sense on a table whose entries all parse.
  if (problems.length === 0 && (table.hitPolicy === 'UNIQUE' || table.hitPolicy === 'ANY')) {
    for (const [a, b] of findOverlaps(table)) {
      const sameOutputs = JSON.stringify(a.outputEntries) === JSON.stringify(b.outputEntries);
      if (table.hitPolicy === 'ANY' && sameOutputs) continue;
      problems.push({
        ruleId: b.id,
        message:
          table.hitPolicy === 'UNIQUE'
            ? `overlaps rule ${a.id}: under UNIQUE at most one rule may match any input`
            : `overlaps rule ${a.id} with different outputs: under ANY overlapping rules must agree`,
      });
    }
  }
  return problems;
}
