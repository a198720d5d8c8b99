import type { CaseTypeDescriptor } from './descriptor.js';
import { occupationalDisease } from './occupational-disease.js';
import { healthReimbursement } from './health-reimbursement.js';
import { propertyClaim } from './property-claim.js';

// Every case type the system knows. A new type is a new descriptor file listed here, with its
// state machine in statemachines/ and functions/registry.ts: no handler changes.
const caseTypes = new Map<string, CaseTypeDescriptor>(
  [occupationalDisease as CaseTypeDescriptor, healthReimbursement as CaseTypeDescriptor, propertyClaim as CaseTypeDescriptor].map((t) => [t.id, t]),
);

/**
 * Adds a type at start-up from outside this list. The tests use it to prove that a new type
 * runs through the generic handlers untouched.
 */
export function registerCaseType(descriptor: CaseTypeDescriptor): void {
  if (caseTypes.has(descriptor.id)) throw new Error(`case type ${descriptor.id} already exists`);
  caseTypes.set(descriptor.id, descriptor);
}

export function findCaseType(id: string): CaseTypeDescriptor | undefined {
  return caseTypes.get(id);
}

export function allCaseTypes(): readonly CaseTypeDescriptor[] {
  return [...caseTypes.values()];
}

/** The budgets the case types draw on, each once (several types may share one). */
export function allBudgets(): readonly NonNullable<CaseTypeDescriptor['budget']>[] {
  return [...new Map(allCaseTypes().flatMap((t) => (t.budget ? [[t.budget.id, t.budget] as const] : []))).values()];
}

export type { CaseTypeDescriptor, DocumentRequirement } from './descriptor.js';
