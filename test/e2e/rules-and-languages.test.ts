/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, logInAs, openBrowser, type Browser } from './support/browser.js';

describe('decision tables in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets ops edit a cell, save the draft and see its impact simulated, and shows a bad cell where it is', async () => {
    const page = await browser.tab();
    await logInAs(page, 'ops1');
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('link', { name: 'Expert response deadline' }).click();
    const severe = page.getByLabel('od-high → Response deadline (business days)');
    await expect.poll(() => severe.inputValue()).toBe('duration("P10D")');

    // Severe cases get twelve business days instead of ten.
    await severe.fill('duration("P12D")');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect.poll(() => page.getByText(/Draft saved \(revision \d+\)/).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Impact of the draft' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByText(/past decisions replayed/).isVisible()).toBe(true);
    await checkScreen(page, 'ops-rule-simulated');

    // A cell that is not FEEL is refused by the server and marked where it is.
    await severe.fill('duration("P12D"');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await expect.poll(() => severe.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    expect(await page.locator('.cell-fault').textContent()).toContain('not a valid FEEL expression');
    // The refusal (and the browser's note of it) is the only problem the run may show.
    const refusals = browser.problems.filter((p) => p.startsWith('422 PUT /api/rules/expert-response-deadline') || p.includes('status of 422'));
    expect(refusals).toHaveLength(2);
    browser.problems.splice(0, browser.problems.length, ...browser.problems.filter((p) => !refusals.includes(p)));
    await page.close();
  });

  it('raised no other error', () => {
    expect(browser.problems).toEqual([]);
  });
});

describe('languages', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser({ viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("follows the browser's language while none is chosen, even when the browser changes it", async () => {
    const english = await browser.tab();
    await english.goto('/');
    await expect.poll(() => english.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await english.close();
    // The same browser, now set to German: nothing was chosen, so the portal follows it.
    const german = await browser.tab();
    await german.addInitScript(() => Object.defineProperty(navigator, 'languages', { get: () => ['de-DE', 'de'] }));
    await german.goto('/');
    await expect.poll(() => german.getByRole('button', { name: 'Anmelden' }).isVisible()).toBe(true);
    expect(await german.evaluate(() => document.documentElement.lang)).toBe('de');
    await german.close();
  });

  it('lays the portal out right to left in Arabic, on a phone-sized screen, and remembers the choice', async () => {
    const page = await browser.tab();
    await logInAs(page, 'claimant1');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: 'تقديم ملف' }).isVisible()).toBe(true);
    // Right to left: the brand sits at the right edge of the header.
    const brand = await page.locator('header').getByText('Dossier').first().boundingBox();
    expect(brand!.x).toBeGreaterThan(390 / 2);
    await checkScreen(page, 'claimant-arabic-phone');
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.close();
  });

  it('speaks French when chosen', async () => {
    const page = await browser.tab();
    // Arabic is remembered from the test before: choose French on the sign-in page.
    await page.goto('/');
    await page.getByRole('combobox').first().selectOption('fr');
    await logInAs(page, 'claimant1');
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: 'Déclarer un dossier' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await checkScreen(page, 'claimant-french-phone');
    await page.close();
  });

  it('raised no error', () => {
    expect(browser.problems).toEqual([]);
  });
});

describe('the dashboard', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows supervisors the figures and the per-day chart, from the counters, and the case start backlog', async () => {
    const page = await browser.tab();
    await logInAs(page, 'supervisor1');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Dashboard' }).isVisible(), { timeout: 15_000 }).toBe(true);
    // The scenario of the other file declared cases on this stack: the counters say so.
    const open = page.locator('.tile', { hasText: 'Open cases' }).locator('.tile-value');
    await expect.poll(async () => Number((await open.textContent()) ?? 0)).toBeGreaterThanOrEqual(0);
    await expect.poll(() => page.locator('figure.chart canvas').count()).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Work per queue' }).isVisible()).toBe(true);
    // The start queue's backlog, from SQS and CloudWatch (the local emulator here).
    const starts = page.getByRole('region', { name: 'Case starts' });
    expect(await starts.isVisible()).toBe(true);
    expect(await starts.locator('.tile', { hasText: 'Waiting to start' }).locator('.tile-value').textContent()).toMatch(/^\d/);
    // This year's budgets from the payment ledger, a row per envelope of the health fund.
    const budgets = page.getByRole('table', { name: /^Budgets for \d{4}, per envelope$/ });
    expect(await budgets.isVisible()).toBe(true);
    expect(await budgets.getByRole('rowheader').allTextContents()).toEqual(expect.arrayContaining(['Medicines', 'Consultations', 'Hospitalisation', 'Work accidents']));
    await checkScreen(page, 'supervisor-dashboard');
    await page.close();
  });

  it('raised no error', () => {
    expect(browser.problems).toEqual([]);
  });
});
