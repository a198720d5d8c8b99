import type { CaseTypeDescriptor } from './descriptor.js';
import { occupationalDisease } from './occupational-disease.js';

// Every case type the system knows. A new type is a new descriptor file listed here.
const caseTypes: ReadonlyMap<string, CaseTypeDescriptor> = new Map(
  [occupationalDisease as CaseTypeDescriptor].map((t) => [t.id, t]),
);

export function findCaseType(id: string): CaseTypeDescriptor | undefined {
  return caseTypes.get(id);
}

export function allCaseTypes(): readonly CaseTypeDescriptor[] {
  return [...caseTypes.values()];
}

export type { CaseTypeDescriptor, DocumentRequirement } from './descriptor.js';
