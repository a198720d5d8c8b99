import { evaluateTable } from './evaluate-table.js';
import { findRuleEntry, versionInForce, versionTable } from './rule-store.js';
import type { CaseFacts } from './facts.js';

/** What a decision table said, and everything needed to explain or replay it. */
export interface Decision {
  readonly decisionId: string;
  readonly version: number;
  readonly value: unknown;
  readonly matchedRules: readonly string[];
  /** The facts it was given (all of them, so a later draft reading other facts can replay it). */
  readonly facts: CaseFacts;
  readonly evaluatedAt: string;
}

export class UnknownDecision extends Error {
  override readonly name = 'UnknownDecision';
}

/**
 * The one entry point to the rules: evaluates a decision on facts with the version in force at
 * an instant, or with a given (pinned) version.
 */
export async function decide(decisionId: string, facts: CaseFacts, at: Date | { readonly version: number }, evaluatedAt = new Date()): Promise<Decision> {
  let version: number;
  if (at instanceof Date) {
    const entry = await findRuleEntry(decisionId);
    if (!entry) throw new UnknownDecision(`no decision table ${decisionId}`);
    version = versionInForce(entry, at);
  } else {
    version = at.version;
  }
  const table = await versionTable(decisionId, version);
  const result = evaluateTable(table, facts);
  return { decisionId, version, value: result.value, matchedRules: result.matchedRules, facts, evaluatedAt: evaluatedAt.toISOString() };
}

