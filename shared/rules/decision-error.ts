// Apart from the evaluator, so the HTTP error responder of every route can recognise a decision
// that could not be taken without bundling the FEEL interpreter.

/** A decision table gave no usable answer for these facts (the API answers 422 with the reason). */
export class DecisionError extends Error {
  override readonly name = 'DecisionError';
  constructor(
    readonly code: 'ambiguous' | 'conflicting-outputs' | 'invalid-input' | 'invalid-output',
    message: string,
    readonly ruleIds: readonly string[] = [],
    readonly column?: string,
  ) {
    super(message);
  }
}
