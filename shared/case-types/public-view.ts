import * as z from 'zod';
import type { CaseTypeDescriptor } from './descriptor.js';

/** A case type as clients see it: its data schema as JSON Schema, for forms and validation. */
export function publicCaseType(caseType: CaseTypeDescriptor) {
  return {
    id: caseType.id,
    name: caseType.name,
    dataSchema: z.toJSONSchema(caseType.dataSchema, { io: 'input', unrepresentable: 'any' }),
    documents: caseType.documents,
    supportingDocuments: caseType.supportingDocuments ?? [],
  };
}
