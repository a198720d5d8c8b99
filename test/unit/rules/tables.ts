import type { DecisionTable } from '#shared/rules/decision-table.js';

/** A one-input, one-output table with the given rules (entries as [input, output]). */
export function table(
  hitPolicy: DecisionTable['hitPolicy'],
  rules: readonly (readonly [string, string])[],
  options: Partial<Pick<DecisionTable, 'aggregation'>> & {
    inputType?: DecisionTable['inputs'][number]['typeRef'];
    outputType?: DecisionTable['outputs'][number]['typeRef'];
    allowedOutputs?: string;
    defaultOutput?: string;
  } = {},
): DecisionTable {
  return {
    decisionId: 'test-table',
    name: 'Test table',
    hitPolicy,
    ...(options.aggregation ? { aggregation: options.aggregation } : {}),
    inputs: [{ id: 'x', label: 'X', expression: 'x', typeRef: options.inputType ?? 'number' }],
    outputs: [
      {
        id: 'out',
        name: 'out',
        typeRef: options.outputType ?? 'string',
        ...(options.allowedOutputs ? { allowedValues: options.allowedOutputs } : {}),
        ...(options.defaultOutput ? { defaultValue: options.defaultOutput } : {}),
      },
    ],
    rules: rules.map(([input, output], i) => ({ id: `r${i + 1}`, inputEntries: [input], outputEntries: [output] })),
  };
}
