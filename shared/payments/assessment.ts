/** What a case would pay, as its case type computes it from its data and its decision tables. */
export interface Assessment {
  readonly amount: string;
  readonly currency: string;
  /** The budget envelopes the payment draws on (sums to `amount`); empty when no budget applies. */
  readonly allocations: readonly Allocation[];
  /** How the amount was reached, line by line, for the people who check it. */
  readonly lines?: readonly Readonly<Record<string, string | number | null>>[];
}

export interface Allocation {
  readonly envelope: string;
  readonly amount: string;
}

/** A decision table, evaluated with the version the case pinned, on the case's facts plus these. */
export type CaseDecider = (decisionId: string, facts: Readonly<Record<string, string | number | null>>) => Promise<{ value: unknown; version: number; matchedRules: readonly string[] }>;

/** A budget that payments draw on, per envelope, per calendar year. */
export interface Budget {
  readonly id: string;
  readonly currency: string;
  /** Share of an envelope consumed, or projected at year-end, from which the dashboard alerts. */
  readonly alertShare: number;
  readonly envelopes: readonly { readonly envelope: string; readonly annual: string }[];
}
