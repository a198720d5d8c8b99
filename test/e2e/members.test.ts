/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../integration/support/api.js';
import { api, uniqueSurname } from './support/api.js';
import { checkScreen, logInAs, openBrowser, type Browser } from './support/browser.js';

// A surname and member numbers no other file uses.
const surname = uniqueSurname('Fontaine');
const run = Date.now().toString(36).toUpperCase().slice(-6);
const csv = [
  'memberNumber,firstName,lastName,birthDate,language,employer,coverageId,product,coverageStart,ceilings',
  `E${run}1,Élodie,${surname},1982-03-14,fr,Clinique du Parc,C-E${run}1,health-essential,2020-01-01,consultations=500.00`,
  `E${run}2,Jérôme,${surname},1980-02-30,fr,,C-E${run}2,health-plus,2021-01-01,`,
  `E${run}3,Anaïs,${surname},1999-09-09,en,,C-E${run}3,health-essential,2024-01-01,`,
].join('\n');

describe('the members registry in the portal', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets an agent import a CSV with a bad row (reported, the rest in), find a member without accents, and open their cases and remaining ceiling', async () => {
    const page = await browser.tab();
    await logInAs(page, 'agent1');
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('File').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByText('2 imported, 0 unchanged, 1 refused.').first().isVisible(), { timeout: 15_000 }).toBe(true);
    const refused = page.getByRole('table', { name: 'Refused rows' });
    expect(await refused.getByRole('row').filter({ hasText: 'line 3' }).getByRole('cell').nth(1).textContent()).toBe('birthDate');
    await checkScreen(page, 'members-import');
    // The same, from a FHIR R4 bundle: a Patient with its Coverage in, two invalid resources refused.
    await page.getByLabel('File').setInputFiles({ name: 'members-bundle.json', mimeType: 'application/fhir+json', buffer: readFileSync(join(import.meta.dirname, '..', 'fixtures', 'fhir', 'members-bundle.json')) });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByText('1 imported, 0 unchanged, 2 refused.').first().isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await refused.getByRole('row').filter({ hasText: 'entry 3 (Patient/pat-bad-birthdate)' }).getByRole('cell').nth(1).textContent()).toBe('Patient.birthDate');

    // A claim for Élodie, typed by an agent from paper: it shows on her record.
    const created = await api<{ caseId: string }>('agent1', 'POST', '/api/cases', {
      type: 'health-reimbursement',
      data: {
        member: { memberNumber: `E${run}1`, firstName: 'Élodie', lastName: surname },
        lines: [{ actCategory: 'consultation', date: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10), amountPaid: '80.00', provider: 'Dr Anne Roux', providerId: '10003456789' }],
        preferredLanguage: 'fr',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    await eventually(async () => ((await api('agent1', 'GET', `/api/cases/${created.body.caseId}`)).body.status === 'closed' ? true : undefined), 30_000);

    await page.getByLabel('Member number, name or case id').fill(`${surname.toLowerCase()} elodie`);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('link', { name: `${surname} Élodie` }).click();
    await expect.poll(() => page.getByRole('heading', { name: `Élodie ${surname}` }).isVisible(), { timeout: 15_000 }).toBe(true);
    const cases = page.getByRole('table', { name: 'Cases' });
    await expect.poll(() => cases.getByRole('row').filter({ hasText: created.body.caseId }).isVisible()).toBe(true);
    expect(await cases.getByRole('row').filter({ hasText: created.body.caseId }).textContent()).toContain('Closed');
    // 500.00 a year for consultations; 75 % of 80.00 was paid: 440.00 remain.
    const consultations = page.getByRole('table', { name: 'Annual ceilings this year' }).getByRole('row').filter({ hasText: 'Consultations' });
    expect(await consultations.getByRole('cell').last().textContent()).toMatch(/440[.,]00/);
    await checkScreen(page, 'person-view');
  });

  it("shows a claimant their own record under My profile", async () => {
    const page = await browser.tab();
    await logInAs(page, 'claimant2');
    await page.getByRole('link', { name: 'My profile' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Karim Haddad' }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('table', { name: 'Coverages' }).textContent()).toContain('GC-M0099999');
    expect(await page.getByRole('heading', { name: 'Opened by' }).count()).toBe(0);
  });
});
