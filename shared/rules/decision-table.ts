import { DmnModdle, type ModdleElement } from 'dmn-moddle';
import * as z from 'zod';

// A decision table as the API and the evaluator see it. The stored form is DMN 1.3 XML (so the
// files under rules/ open in any DMN modeller); this is the same content, parsed by dmn-moddle.

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
/** FEEL type names a column may declare; `Any` skips type checks. */
export const TYPE_REFS = ['string', 'number', 'boolean', 'date', 'dayTimeDuration', 'yearMonthDuration', 'Any'] as const;

const feelText = z.string().max(2000);
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,79}$/, 'must be an identifier');

export const decisionTableSchema = z.strictObject({
  decisionId: z.string().regex(/^[a-z0-9-]{1,60}$/, 'must be lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(200),
  hitPolicy: z.enum(HIT_POLICIES),
  aggregation: z.enum(AGGREGATIONS).optional(),
  inputs: z
    .array(
      z.strictObject({
        id: identifier,
        label: z.string().trim().max(200).optional(),
        expression: feelText.min(1),
        typeRef: z.enum(TYPE_REFS),
        allowedValues: feelText.optional(),
      }),
    )
    .min(1)
    .max(20),
  outputs: z
    .array(
      z.strictObject({
        id: identifier,
        name: identifier,
        label: z.string().trim().max(200).optional(),
        typeRef: z.enum(TYPE_REFS),
        allowedValues: feelText.optional(),
        defaultValue: feelText.optional(),
      }),
    )
    .min(1)
    .max(20),
  rules: z
    .array(
      z.strictObject({
        id: identifier,
        description: z.string().max(1000).optional(),
        inputEntries: z.array(feelText),
        outputEntries: z.array(feelText),
      }),
    )
    .max(500),
});

export type DecisionTable = z.infer<typeof decisionTableSchema>;
export type HitPolicy = DecisionTable['hitPolicy'];
export type TableInput = DecisionTable['inputs'][number];
export type TableOutput = DecisionTable['outputs'][number];
export type TableRule = DecisionTable['rules'][number];

/** The DMN file could not be read as one decision table (problems name the element). */
export class DmnFormatError extends Error {
  override readonly name = 'DmnFormatError';
  constructor(readonly problems: readonly string[]) {
    super(`not a DMN decision table: ${problems.join('; ')}`);
  }
}

// Made on first use, not at import: a function that only imports the table's schema or types
// (the case view, the history) then carries no XML parser in its bundle.
let dmnModdle: DmnModdle | undefined;
const moddleInstance = (): DmnModdle => (dmnModdle ??= new DmnModdle());
const text = (element: unknown): string | undefined => (element as { text?: string } | undefined)?.text;
const list = (value: unknown): ModdleElement[] => (Array.isArray(value) ? (value as ModdleElement[]) : []);

/** Reads a DMN document holding one decision whose logic is a decision table. */
export async function parseDmn(xml: string): Promise<DecisionTable> {
  let root: ModdleElement;
  try {
    const parsed = await moddleInstance().fromXML(xml, 'dmn:Definitions');
    if (parsed.warnings.length) throw new DmnFormatError(parsed.warnings.map((w) => w.message.split('\n')[0]!));
    root = parsed.rootElement;
  } catch (error) {
    if (error instanceof DmnFormatError) throw error;
    throw new DmnFormatError([(error as Error).message.split('\n')[0]!]);
  }
  const decisions = list(root.drgElement).filter((e) => e.$type === 'dmn:Decision');
  if (decisions.length !== 1) throw new DmnFormatError([`expected one decision, found ${decisions.length}`]);
  const decision = decisions[0]!;
  const logic = decision.decisionLogic as ModdleElement | undefined;
  if (logic?.$type !== 'dmn:DecisionTable') throw new DmnFormatError([`decision ${String(decision.id)} is not a decision table`]);

  const candidate = {
    decisionId: decision.id,
    name: decision.name ?? decision.id,
    hitPolicy: logic.hitPolicy ?? 'UNIQUE',
    ...(logic.aggregation ? { aggregation: logic.aggregation } : {}),
    inputs: list(logic.input).map((input) => {
      const expression = input.inputExpression as ModdleElement | undefined;
      return {
        id: input.id,
        ...(input.label ? { label: input.label } : {}),
        expression: text(expression)?.trim() ?? '',
        typeRef: expression?.typeRef ?? 'Any',
        ...(text(input.inputValues) ? { allowedValues: text(input.inputValues) } : {}),
      };
    }),
    outputs: list(logic.output).map((output) => ({
      id: output.id,
      name: output.name ?? output.id,
      ...(output.label ? { label: output.label } : {}),
      typeRef: output.typeRef ?? 'Any',
      ...(text(output.outputValues) ? { allowedValues: text(output.outputValues) } : {}),
      ...(text(output.defaultOutputEntry) ? { defaultValue: text(output.defaultOutputEntry) } : {}),
    })),
    rules: list(logic.rule).map((rule) => ({
      id: rule.id,
      ...(rule.description ? { description: rule.description } : {}),
      inputEntries: list(rule.inputEntry).map((entry) => text(entry)?.trim() ?? ''),
      outputEntries: list(rule.outputEntry).map((entry) => text(entry)?.trim() ?? ''),
    })),
  };
  const result = decisionTableSchema.safeParse(candidate);
  if (!result.success) {
    throw new DmnFormatError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}

/** Writes the table as a DMN 1.3 document (ids kept, so a round trip changes nothing). */
export async function toDmn(table: DecisionTable): Promise<string> {
  const c = (type: string, properties: Record<string, unknown>) => moddleInstance().create(type, properties);
  const unaryTests = (id: string, value: string | undefined) => (value === undefined ? undefined : c('dmn:UnaryTests', { id, text: value }));
  const literal = (id: string, value: string | undefined, typeRef?: string) =>
    value === undefined ? undefined : c('dmn:LiteralExpression', { id, text: value, ...(typeRef ? { typeRef } : {}) });
  const decisionTable = c('dmn:DecisionTable', {
    id: `${table.decisionId}-table`,
    hitPolicy: table.hitPolicy,
    ...(table.aggregation ? { aggregation: table.aggregation } : {}),
    input: table.inputs.map((input) =>
      c('dmn:InputClause', {
        id: input.id,
        ...(input.label ? { label: input.label } : {}),
        inputExpression: literal(`${input.id}-expression`, input.expression, input.typeRef),
        ...(input.allowedValues ? { inputValues: unaryTests(`${input.id}-values`, input.allowedValues) } : {}),
      }),
    ),
    output: table.outputs.map((output) =>
      c('dmn:OutputClause', {
        id: output.id,
        name: output.name,
        ...(output.label ? { label: output.label } : {}),
        typeRef: output.typeRef,
        ...(output.allowedValues ? { outputValues: unaryTests(`${output.id}-values`, output.allowedValues) } : {}),
        ...(output.defaultValue ? { defaultOutputEntry: literal(`${output.id}-default`, output.defaultValue) } : {}),
      }),
    ),
    rule: table.rules.map((rule) =>
      c('dmn:DecisionRule', {
        id: rule.id,
        ...(rule.description ? { description: rule.description } : {}),
        inputEntry: rule.inputEntries.map((entry, i) => unaryTests(`${rule.id}-in-${i + 1}`, entry)),
        outputEntry: rule.outputEntries.map((entry, i) => literal(`${rule.id}-out-${i + 1}`, entry)),
      }),
    ),
  });
  const definitions = c('dmn:Definitions', {
    id: `${table.decisionId}-definitions`,
    name: table.name,
    namespace: 'https://dossier.example/rules',
    drgElement: [c('dmn:Decision', { id: table.decisionId, name: table.name, decisionLogic: decisionTable })],
  });
  return (await moddleInstance().toXML(definitions, { format: true })).xml;
}
