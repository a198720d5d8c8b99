import { findCaseType } from '../case-types/index.js';
import type { CaseRecord } from '../cases/case-record.js';
import type { KnownFacts } from './validate-table.js';

/**
 * The facts about a case that decision tables may read, by name, with their FEEL types. A table
 * naming anything else is refused when saved. Adding a fact means adding it here and to a case
 * type's `facts`.
 */
export const KNOWN_FACTS: KnownFacts = {
  caseType: 'string',
  requestType: 'string',
  contributionMonths: 'number',
  severity: 'string',
  amount: 'number',
  region: 'string',
  actCategory: 'string',
  declaredOn: 'date',
  incompleteLines: 'number',
  workAccidentLines: 'number',
  businessLine: 'string',
  policyAgeAtIncidentDays: 'number',
  settlementAmount: 'number',
  // From the members registry at registration (shared/members/): the member's product, and
  // whether a coverage of it covered the event (`covered`, `lapsed`, `unknown-member`...).
  product: 'string',
  coverageStatus: 'string',
  // The claimant's language (from the case type's contact hook), and the task being placed: the
  // assignment policy reads them. Null in the decisions taken on the case as a whole.
  claimantLanguage: 'string',
  taskQueue: 'string',
  taskKind: 'string',
};

export type CaseFacts = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A case's facts now: what its type derives from its data, plus what people established while
 * handling it (the severity an agent qualified). Unknown facts are null, never missing, so every
 * recorded decision can be replayed by a table reading a fact the old one did not.
 */
export function caseFacts(record: CaseRecord): CaseFacts {
  const type = findCaseType(record.type);
  const fromType = type?.facts?.(record.data as never) ?? {};
  const claimantLanguage = type?.claimantContact?.(record.data as never)?.language ?? null;
  const established = (record as { facts?: Record<string, string | number | null> }).facts ?? {};
  const facts: Record<string, string | number | boolean | null> = Object.fromEntries(Object.keys(KNOWN_FACTS).map((name) => [name, null]));
  Object.assign(facts, { claimantLanguage }, fromType, established, { caseType: record.type, declaredOn: record.createdAt.slice(0, 10) });
  return facts;
}
