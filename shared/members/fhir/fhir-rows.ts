import type { ImportRow } from '../member-record.js';
import { fhirIssues } from './validate-fhir.js';
import { localeOf } from '../../i18n/locales.js';

// A FHIR R4 Bundle of Patient and Coverage resources, mapped to registry rows. Each resource is
// first validated against the specification; then read the way health payers exchange them:
//  - the member number is the Patient identifier of type MB (HL7 v2 table 0203, "Member Number")
//    or of our system, MEMBER_NUMBER_SYSTEM;
//  - the employer is the Patient contact whose relationship is E (HL7 v2 table 0131, "Employer");
//  - the product is the Coverage class of type `plan`; its period is the coverage's effective dates.
// A Coverage row carries its beneficiary Patient, so member and coverage are written together.

export const MEMBER_NUMBER_SYSTEM = 'urn:dossier:member-number';

/** Our fields as the bundle names them, for the import report. */
const FHIR_FIELDS: Readonly<Record<string, string>> = {
  'member.memberNumber': 'Patient.identifier (type MB)',
  'member.firstName': 'Patient.name.given',
  'member.lastName': 'Patient.name.family',
  'member.birthDate': 'Patient.birthDate',
  'member.language': 'Patient.communication.language',
  'member.email': 'Patient.telecom (email)',
  'member.phone': 'Patient.telecom (phone)',
  'member.employer': 'Patient.contact (employer)',
  'coverage.coverageId': 'Coverage.identifier',
  'coverage.product': 'Coverage.class (plan).value',
  'coverage.status': 'Coverage.status',
  'coverage.start': 'Coverage.period.start',
  'coverage.end': 'Coverage.period.end',
};

type Json = Record<string, unknown> & { resourceType?: string; id?: string };
const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const codes = (concept: unknown): string[] => asArray((concept as Json | undefined)?.coding).map((c) => String(c.code ?? ''));

export function fhirRows(bundle: unknown): { rows: ImportRow[]; bundleError?: string } {
  const shell = bundle as Json;
  if (!shell || typeof shell !== 'object' || shell.resourceType !== 'Bundle') return { rows: [], bundleError: 'resourceType: must be Bundle' };
  const entries = asArray(shell.entry);
  // The bundle's own elements against the Bundle definition (its entries' resources one by one below).
  const { entry: _entries, ...envelope } = shell;
  const shellIssues = fhirIssues(envelope);
  if (shellIssues.length) return { rows: [], bundleError: `${shellIssues[0]!.element}: ${shellIssues[0]!.message}` };

  const patients = new Map<string, { ref: string; member?: Json; issue?: ImportRow['unreadable'] }>();
  const rows: ImportRow[] = [];
  const coverages: { ref: string; resource: Json; issue?: ImportRow['unreadable'] }[] = [];
  entries.forEach((entry, index) => {
    const resource = entry.resource as Json | undefined;
    const ref = `entry ${index + 1}${resource?.resourceType ? ` (${resource.resourceType}${resource.id ? `/${resource.id}` : ''})` : ''}`;
    if (!resource || (resource.resourceType !== 'Patient' && resource.resourceType !== 'Coverage')) {
      rows.push({ ref, unreadable: { field: 'resourceType', message: 'only Patient and Coverage resources are imported' } });
      return;
    }
    const issues = fhirIssues(resource);
    const issue = issues[0] ? { field: issues[0].element, message: issues[0].message } : undefined;
    if (resource.resourceType === 'Patient') {
      const patient = { ref, ...(issue ? { issue } : { member: memberOf(resource) }) };
      for (const key of [entry.fullUrl, `Patient/${resource.id}`]) if (typeof key === 'string') patients.set(key, patient);
    } else coverages.push({ ref, resource, ...(issue ? { issue } : {}) });
  });

  const withCoverage = new Set<unknown>();
  for (const { ref, resource, issue } of coverages) {
    if (issue) {
      rows.push({ ref, unreadable: issue });
      continue;
    }
    const beneficiary = String((resource.beneficiary as Json).reference ?? '');
    const patient = patients.get(beneficiary);
    if (!patient) rows.push({ ref, unreadable: { field: 'Coverage.beneficiary', message: `must refer to a Patient of this bundle (${beneficiary || 'no reference'})` } });
    else if (patient.issue) rows.push({ ref, unreadable: { field: 'Coverage.beneficiary', message: `its Patient (${patient.ref}) was rejected` } });
    else {
      withCoverage.add(patient);
      rows.push({ ref, member: patient.member, coverage: coverageOf(resource), fieldNames: FHIR_FIELDS });
    }
  }
  // Patients without a Coverage of this bundle: the member alone, or the reason it was refused.
  for (const patient of new Set(patients.values())) {
    if (withCoverage.has(patient)) continue;
    rows.push(patient.issue ? { ref: patient.ref, unreadable: patient.issue } : { ref: patient.ref, member: patient.member, fieldNames: FHIR_FIELDS });
  }
  // The report in the bundle's order.
  const position = (ref: string) => Number(/^entry (\d+)/.exec(ref)?.[1] ?? 0);
  return { rows: rows.sort((a, b) => position(a.ref) - position(b.ref)) };
}

function memberOf(patient: Json): Json {
  const identifiers = asArray(patient.identifier);
  const number = identifiers.find((i) => i.system === MEMBER_NUMBER_SYSTEM) ?? identifiers.find((i) => codes(i.type).includes('MB'));
  const names = asArray(patient.name);
  const name = names.find((n) => n.use === 'official') ?? names[0];
  const telecom = asArray(patient.telecom);
  const communication = asArray(patient.communication);
  const language = (communication.find((c) => c.preferred === true) ?? communication[0])?.language;
  const employer = asArray(patient.contact).find((c) => asArray(c.relationship).some((r) => codes(r).includes('E')));
  return prune({
    memberNumber: number?.value,
    firstName: asArray(name?.given).map(String).join(' ') || undefined,
    lastName: name?.family,
    birthDate: patient.birthDate,
    language: localeOf(codes(language)[0]) ?? (codes(language)[0] ? codes(language)[0] : undefined),
    email: telecom.find((t) => t.system === 'email')?.value,
    phone: telecom.find((t) => t.system === 'phone')?.value,
    employer: (employer?.organization as Json | undefined)?.display ?? (employer?.name as Json | undefined)?.text,
  });
}

function coverageOf(coverage: Json): Json {
  const plan = asArray(coverage.class).find((c) => codes(c.type).includes('plan'));
  const period = (coverage.period ?? {}) as Json;
  const status = coverage.status === 'active' ? 'active' : coverage.status === 'cancelled' ? 'cancelled' : coverage.status;
  return prune({
    coverageId: asArray(coverage.identifier)[0]?.value ?? coverage.id,
    product: plan?.value,
    status,
    start: typeof period.start === 'string' ? period.start.slice(0, 10) : undefined,
    end: typeof period.end === 'string' ? period.end.slice(0, 10) : undefined,
  });
}

const prune = (value: Json): Json => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''));
