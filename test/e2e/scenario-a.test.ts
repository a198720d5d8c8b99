import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdf, uniqueSurname } from './support/api.js';
import { checkScreen, logInAs, openBrowser, type Browser } from './support/browser.js';


// A surname no other case has, so each role finds this case and no other.
const surname = uniqueSurname('Lefevre');
const claimantName = `Camille ${surname}`;

describe('scenario A in the browser, across four roles', () => {
  let browser: Browser;
  let caseId: string;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets the claimant declare a case and upload its documents, the checklist following live', async () => {
    const page = await browser.tab();
    await logInAs(page, 'claimant1');
    await expect.poll(() => page.getByRole('heading', { name: 'My cases' }).isVisible()).toBe(true);
    await checkScreen(page, 'claimant-my-cases');

    await page.getByRole('link', { name: 'Declare a case' }).first().click();
    await page.getByLabel('First name').fill('Camille');
    await page.getByLabel('Last name').fill(surname);
    await page.getByLabel('Date of birth').fill('1980-02-14');
    await page.getByLabel('E-mail').fill('camille@example.org');
    await page.getByLabel(/^Employer's name/).fill('Scierie des Vosges');
    await page.getByLabel(/^Describe the disease/).fill('Lombalgie chronique liée à la manutention de charges lourdes.');
    const observed = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(/^First seen by a doctor/).fill(observed);
    await page.getByLabel('Months of contribution').fill('120');


    await page.getByRole('button', { name: 'Save and continue' }).click();
    const created = page.getByText(/Your case (\w+) is registered/);
    await expect.poll(() => created.isVisible(), { timeout: 15_000 }).toBe(true);
    caseId = /Your case (\w+) is registered/.exec((await created.textContent()) ?? '')![1]!;

    await page.getByLabel(/Declaration form/).setInputFiles(pdf('declaration-form'));
    await page.getByLabel(/Initial medical certificate/).setInputFiles(pdf('medical-certificate'));
    await page.getByLabel(/Identity document/).setInputFiles(pdf('identity-document'));
    // Each file is checked on arrival; the checklist turns "Received" by itself.
    await expect.poll(() => page.locator('.checklist .badge', { hasText: 'Received' }).count(), { timeout: 30_000 }).toBe(3);
    await checkScreen(page, 'claimant-documents-uploaded');
    await page.close();
  });

  it('lets the agent find it in the queue, see the case at once, and qualify it', async () => {
    const page = await browser.tab();
    await logInAs(page, 'agent1');
    await page.getByRole('button', { name: 'My queue' }).click();
    const row = page.getByRole('button', { name: new RegExp(`Qualify the declaration · ${claimantName}`) });
    await expect.poll(() => row.isVisible(), { timeout: 30_000 }).toBe(true);
    await row.click();
    // Selecting the task shows its case beside the list.
    await expect.poll(() => page.getByRole('heading', { name: 'Scierie des Vosges' }).isVisible()).toBe(true);
    await checkScreen(page, 'agent-in-basket');

    await page.getByRole('button', { name: 'Take it' }).click();
    await page.getByLabel('Outcome').selectOption('accept');
    await page.getByLabel(/^Severity/).selectOption('moderate');
    await page.getByRole('button', { name: 'Complete the task' }).click();
    await expect.poll(() => page.locator('.detail').getByText('Medical review').first().isVisible(), { timeout: 30_000 }).toBe(true);
    await page.close();
  });

  it('lets the supervisor find the case and hand the medical review to the expert', async () => {
    const page = await browser.tab();
    await logInAs(page, 'supervisor1');
    await page.getByRole('link', { name: 'All cases' }).click();
    await page.getByLabel(/^Search/).fill(surname);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // Other files' cases share the employer: wait for the search to leave this one alone.
    const found = page.getByRole('link', { name: 'Scierie des Vosges' });
    await expect.poll(() => found.count(), { timeout: 15_000 }).toBe(1);
    await found.click();
    await expect.poll(() => page.getByRole('heading', { name: 'Medical opinion' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await checkScreen(page, 'supervisor-case-360');
    await page.getByLabel('Hand over to (user name)').fill('expert1');
    await page.getByRole('button', { name: 'Reassign' }).click();
    await expect.poll(() => page.getByText('held by expert1').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.close();
  });

  it('lets the expert decide from their own in-basket', async () => {
    const page = await browser.tab();
    await logInAs(page, 'expert1');
    const row = page.getByRole('button', { name: new RegExp(`Medical opinion · ${claimantName}`) });
    await expect.poll(() => row.isVisible(), { timeout: 30_000 }).toBe(true);
    await row.click();
    await page.getByLabel('Outcome').selectOption('recognised');
    await page.getByRole('textbox', { name: /^Medical opinion/ }).fill('Tableau RG 98 : conditions remplies, lien direct établi.');
    await checkScreen(page, 'expert-decision-form');
    await page.getByRole('button', { name: 'Complete the task' }).click();
    await expect.poll(() => row.isVisible(), { timeout: 30_000 }).toBe(false);
    await page.close();
  });

  it('shows the claimant the decision on their case', async () => {
    const page = await browser.tab();
    await logInAs(page, 'claimant1');
    await page.goto(`/cases/${caseId}`);
    await expect.poll(() => page.getByText('Your occupational disease is recognised.').isVisible(), { timeout: 30_000 }).toBe(true);
    await checkScreen(page, 'claimant-decision');
    await page.close();
  });

  it('raised no console error in any tab', () => {
    expect(browser.problems).toEqual([]);
  });
});

