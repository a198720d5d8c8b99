import { config } from '../config.js';
import { findCaseType } from '../case-types/index.js';
import type { CaseRecord } from '../cases/case-record.js';
import { casePk, listingShard } from '../cases/case-keys.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { decide, type Decision } from './decide.js';
import { caseFacts } from './facts.js';
import { recentRuleEntries, versionInForce } from './rule-store.js';

// How decisions attach to cases. A case pins, at its creation, the version of every decision table
// then in force; everything it decides later uses those versions unless a supervisor re-pins one.
// Each decision is stored under the case with the facts it was given, and indexed by decision
// (sharded like the listings) so that a simulation reads exactly the cases that took it.

export const DECISION_PREFIX = 'DECISION#';
export const decisionIndexPk = (decisionId: string, shard: number) => `DECISIONS#${decisionId}#${shard}`;

/** What a case keeps of a decision taken at intake (the checklist, the routing...). */
const EFFECTS: Readonly<Record<string, (value: unknown) => Record<string, unknown>>> = {
  'required-documents': (value) => ({ requiredDocuments: Array.isArray(value) ? value : [] }),
  routing: (value) => ({ routing: value ?? null }),
};

export type RuleVersions = Readonly<Record<string, number>>;

export function pinnedVersions(record: CaseRecord): RuleVersions {
  return (record as { ruleVersions?: RuleVersions }).ruleVersions ?? {};
}

/** The stored form of a decision taken for a case (one per case and decision: the latest). */
export function decisionWrite(record: Pick<CaseRecord, 'caseId' | 'type'>, decision: Decision): LinkedWrite {
  return {
    Put: {
      TableName: config().TABLE_NAME,
      Item: {
        pk: casePk(record.caseId),
        sk: `${DECISION_PREFIX}${decision.decisionId}`,
        entity: 'decision',
        caseId: record.caseId,
        caseType: record.type,
        ...decision,
        gsi1pk: decisionIndexPk(decision.decisionId, listingShard(record.caseId)),
        gsi1sk: `${decision.evaluatedAt}#${record.caseId}`,
      },
    },
  };
}

export interface CaseDecisions {
  /** Attributes to set on the case. */
  readonly set: Record<string, unknown>;
  readonly writes: LinkedWrite[];
  /** For the history: which decision, which version, which rules matched (no facts: they may be personal). */
  readonly summary: { decisionId: string; version: number; matchedRules: readonly string[] }[];
}

async function decideForCase(record: CaseRecord, versions: RuleVersions, decisionIds: readonly string[], at: Date): Promise<CaseDecisions> {
  const facts = caseFacts(record);
  const decisions = await Promise.all(
    decisionIds.filter((id) => versions[id] !== undefined).map((id) => decide(id, facts, { version: versions[id]! }, at)),
  );
  return {
    set: Object.assign({}, ...decisions.map((d) => EFFECTS[d.decisionId]?.(d.value) ?? {})),
    writes: decisions.map((d) => decisionWrite(record, d)),
    summary: decisions.map(({ decisionId, version, matchedRules }) => ({ decisionId, version, matchedRules })),
  };
}

/**
 * At intake: pin the versions in force and take the type's intake decisions. The catalogue may be
 * a few seconds old (see recentRuleEntries): the effective dates are still applied at `at`.
 */
export async function intakeDecisions(record: CaseRecord, at: Date): Promise<CaseDecisions & { ruleVersions: RuleVersions }> {
  const ruleVersions = Object.fromEntries((await recentRuleEntries()).map((entry) => [entry.ruleId, versionInForce(entry, at)]));
  const taken = await decideForCase(record, ruleVersions, findCaseType(record.type)?.intakeDecisions ?? [], at);
  return { ...taken, ruleVersions, set: { ...taken.set, ruleVersions } };
}

/** Again, with the case's pinned versions: after its facts changed, or a version was re-pinned. */
export function retakeDecisions(record: CaseRecord, versions: RuleVersions, at: Date, only?: string): Promise<CaseDecisions> {
  const ids = (findCaseType(record.type)?.intakeDecisions ?? []).filter((id) => !only || id === only);
  return decideForCase(record, versions, ids, at);
}

/** A decision taken later in the lifecycle (a task's deadline), with the pinned version. */
export async function decideLater(record: CaseRecord, decisionId: string, at: Date): Promise<Decision | undefined> {
  const version = pinnedVersions(record)[decisionId];
  if (version === undefined) return undefined;
  return decide(decisionId, caseFacts(record), { version }, at);
}
