import { describe, expect, it } from 'vitest';
import { csvRows } from '#shared/members/csv-rows.js';
import { fhirRows } from '#shared/members/fhir/fhir-rows.js';

describe('reading an import file into rows', () => {
  it('reads the CSV with its header, a BOM, semicolons and empty cells, numbering rows as a spreadsheet does', () => {
    const { rows } = csvRows('\uFEFFmemberNumber;firstName;lastName;birthDate;coverageId;product;coverageStart;ceilings\nM0000001;Zoé;Lefèvre;1990-07-21;C-1;health-plus;2020-01-01;medicines=100|consultations=50.5\nM0000002;Ana;Côté;1991-01-01;;;;\n');
    expect(rows).toEqual([
      {
        ref: 'line 2',
        member: { memberNumber: 'M0000001', firstName: 'Zoé', lastName: 'Lefèvre', birthDate: '1990-07-21' },
        coverage: { coverageId: 'C-1', product: 'health-plus', start: '2020-01-01', ceilings: { medicines: '100', consultations: '50.5' } },
      },
      { ref: 'line 3', member: { memberNumber: 'M0000002', firstName: 'Ana', lastName: 'Côté', birthDate: '1991-01-01' } },
    ]);
  });

  it('refuses a CSV whose header lacks a column or names an unknown one', () => {
    expect(csvRows('memberNumber,firstName\nM1,A').headerError).toMatch(/lastName, birthDate/);
    expect(csvRows('memberNumber,firstName,lastName,birthDate,shoeSize\nM1,A,B,1990-01-01,42').headerError).toMatch(/unknown column\(s\) shoeSize/);
    // A cell too many is a shifted row, not something to drop.
    expect(csvRows('memberNumber,firstName,lastName,birthDate\nM1,A,B,1990-01-01,extra').headerError).toMatch(/line 2/);
  });

  it('maps a FHIR Patient and its Coverage to one row, and refuses a Coverage whose beneficiary is not in the bundle', () => {
    const patient = {
      resourceType: 'Patient',
      id: 'p1',
      identifier: [{ system: 'urn:dossier:member-number', value: 'M0000003' }],
      name: [{ family: 'Nguyễn', given: ['Lan'] }],
      birthDate: '1988-08-08',
      communication: [{ language: { coding: [{ code: 'zh-TW' }] } }],
    };
    const coverage = { resourceType: 'Coverage', id: 'c1', status: 'active', beneficiary: { reference: 'Patient/p1' }, payor: [{ display: 'Fund' }], period: { start: '2022-02-02' }, class: [{ type: { coding: [{ code: 'plan' }] }, value: 'health-essential' }] };
    const orphan = { ...coverage, id: 'c2', beneficiary: { reference: 'Patient/elsewhere' } };
    const { rows } = fhirRows({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }, { resource: coverage }, { resource: orphan }] });
    expect(rows.map((r) => r.ref)).toEqual(['entry 2 (Coverage/c1)', 'entry 3 (Coverage/c2)']);
    expect(rows[0]).toMatchObject({
      member: { memberNumber: 'M0000003', firstName: 'Lan', lastName: 'Nguyễn', birthDate: '1988-08-08', language: 'zh-Hant' },
      coverage: { coverageId: 'c1', product: 'health-essential', status: 'active', start: '2022-02-02' },
    });
    expect(rows[1]!.unreadable).toEqual({ field: 'Coverage.beneficiary', message: 'must refer to a Patient of this bundle (Patient/elsewhere)' });
  });

  it('refuses what is not a valid Bundle as a whole', () => {
    expect(fhirRows({ resourceType: 'Patient' }).bundleError).toBe('resourceType: must be Bundle');
    expect(fhirRows({ resourceType: 'Bundle', entry: [] }).bundleError).toMatch(/^Bundle\.type/);
  });
});
