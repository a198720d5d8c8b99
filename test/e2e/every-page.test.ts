/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '#shared/i18n/locales.js';
import { eventually } from '../integration/support/api.js';
import { api, uniqueSurname } from './support/api.js';
import { missingTranslations, openBrowser, screenFaults, signIn, type Browser } from './support/browser.js';

// Every page each role has, in each of the fourteen languages: no raw key, nothing running off
// the page, no serious or critical axe finding. A page is loaded once per role, then the person's
// own language switch (the select in the top bar) goes through the languages, as a reviewer would.
// Screenshots of the claimant's case page in each language are kept for the translators' review.
const SCREENSHOTS = join(import.meta.dirname, '..', '..', '.local', 'screenshots');
const RULE = '/rules/expert-response-deadline';

let caseId: string;

/**
 * The pages of each role (a path with :case is the case this file declares). The supervisor's, the
 * most, in two halves that start first, one per lane, while the others follow in turn.
 */
const PAGES: readonly (readonly [string, readonly string[]])[] = [
  ['supervisor1', ['/basket', '/cases', '/sla', '/workload', '/staff', '/rules']],
  ['supervisor1', [RULE, '/dashboard', '/notifications', '/cases/:case', '/no-such-page']],
  ['claimant1', ['/cases', '/cases/new', '/cases/:case', '/notifications', '/members/me']],
  ['agent1', ['/basket', '/cases/:case', '/members', '/members/M0054321']],
  ['expert1', ['/basket']],
  ['ops1', ['/rules', RULE, '/staff', '/dashboard', '/members']],
];

/** Chooses a language in the portal's own switch and waits until the page is drawn in it. */
async function switchTo(page: Page, locale: string): Promise<void> {
  await page.locator('label.language select').selectOption(locale);
  await page.waitForFunction((wanted) => document.documentElement.lang === wanted, locale, { timeout: 10_000 });
  // A moment for React to draw the page with the new strings (not a frame: a tab behind another gets none).
  await page.evaluate(() => new Promise((done) => setTimeout(done, 50)));
}

/** Goes through the languages on the page the tab is on, and says what is wrong in which. */
async function faultsInEveryLanguage(page: Page, missing: string[], where: string, screenshot?: string): Promise<string[]> {
  const faults: string[] = [];
  for (const locale of LOCALES) {
    await switchTo(page, locale);
    if (screenshot) await page.screenshot({ path: join(SCREENSHOTS, `${screenshot}-${locale}.png`), fullPage: true });
    faults.push(...(await screenFaults(page, missing)).map((f) => `${locale} ${where}: ${f}`));
  }
  return faults;
}

/** Two tabs at a time: the browser draws one while the other is checked, and the machine has two cores. */
function lanes(count: number): <T>(work: () => Promise<T>) => Promise<T> {
  let free = count;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (free === 0) await new Promise<void>((go) => waiting.push(go));
    else free--;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
const inLane = lanes(2);

describe('every page, for every role, in every language', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const created = await api<{ caseId: string }>('claimant1', 'POST', '/api/cases', {
      type: 'occupational-disease',
      data: {
        claimant: { firstName: 'Noor', lastName: uniqueSurname('Pages'), birthDate: '1979-05-02', email: 'pages@example.org' },
        employer: { name: 'Verrerie de Lorraine' },
        disease: { description: 'Surdité professionnelle après vingt ans en atelier de soufflage.', firstMedicalObservation: new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10) },
        contributionMonths: 240,
        preferredLanguage: 'ar',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    caseId = created.body.caseId;
    // Registered, with its qualification in the agents' queue: the staff see its tasks.
    await eventually(async () => ((await api<{ tasks?: unknown[] }>('agent1', 'GET', `/api/cases/${caseId}`)).body.tasks?.length ? true : undefined), 30_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const [username, paths] of PAGES) {
    it.concurrent(`${username}'s pages: ${paths.join(', ')}`, async ({ expect }) => inLane(async () => {
      const page = await browser.tab();
      const missing = missingTranslations(page);
      await signIn(page, username);
      const faults: string[] = [];
      for (const template of paths) {
        const path = template.replace(':case', caseId);
        await page.goto(path);
        await expect.poll(() => page.locator('main h1, main h2').count(), { timeout: 15_000 }).toBeGreaterThan(0);
        await page.waitForLoadState('networkidle');
        const screenshot = username === 'claimant1' && template === '/cases/:case' ? 'case-page' : undefined;
        faults.push(...(await faultsInEveryLanguage(page, missing, template, screenshot)));
      }
      expect(faults).toEqual([]);
      expect(browser.problems).toEqual([]);
      await page.close();
    }), 300_000);
  }

  it.concurrent('the sign-in page', async ({ expect }) =>
    inLane(async () => {
      const page = await browser.tab();
      const missing = missingTranslations(page);
      await page.goto('/');
      await expect.poll(() => page.locator('input[name=username]').count(), { timeout: 15_000 }).toBe(1);
      expect(await faultsInEveryLanguage(page, missing, 'sign-in')).toEqual([]);
      await page.close();
    }),
  );
});
