/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../integration/support/api.js';
import { putDomainEvent } from '../integration/support/events.js';
import { api, pdf, uniqueSurname } from './support/api.js';
import { openBrowser, type Browser } from './support/browser.js';

// Screenshots of each locale's case page, kept by CI as artefacts (what a reviewer of a translation looks at).
const SCREENSHOTS = join(import.meta.dirname, '..', '..', '.local', 'screenshots');
const LOCALES = ['en', 'fr', 'de', 'it', 'es', 'pt-BR', 'ru', 'ar', 'hi', 'ta', 'th', 'ja', 'zh-Hans', 'zh-Hant'];

/** Signs in whatever the page's language: by the form's fields, not their labels. */
async function signIn(page: Page, username: string) {
  await page.goto('/');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill('demo');
  await page.locator('input[name=password]').press('Enter');
  await expect.poll(() => page.locator('nav a[href="/notifications"]').isVisible(), { timeout: 15_000 }).toBe(true);
}

/** What a person would notice is wrong with a screen in a language: raw keys, text running off the page, axe's serious findings. */
async function faultsOf(page: Page, missing: string[], { axe: withAxe = true } = {}): Promise<string[]> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const axe = withAxe ? await new AxeBuilder({ page }).analyze() : { violations: [] };
  return [
    ...missing,
    ...(overflow > 1 ? [`the page is ${overflow}px wider than the window`] : []),
    ...axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ];
}

const SCRIPT: Record<string, RegExp> = { ja: /[\u3040-\u30ff\u4e00-\u9fff]/, ar: /[\u0600-\u06ff]/ };

describe('the portal and its e-mails in every language', () => {
  const cases = new Map<string, string>();
  const browsers: Browser[] = [];
  afterAll(async () => {
    for (const b of browsers) await b.close();
  });

  // The browser's own language picks the portal's (ja-JP → ja, ar-EG → ar), and the declaration
  // offers letters in it; a rejected document is then e-mailed to the claimant in that language.
  for (const [locale, browserLocale, dir] of [
    ['ja', 'ja-JP', 'ltr'],
    ['ar', 'ar-EG', 'rtl'],
  ] as const) {
    it(`lets a claimant declare in ${locale}, upload a document, and get the e-mail about it in ${locale}`, async () => {
      const browser = await openBrowser({ locale: browserLocale });
      browsers.push(browser);
      const page = await browser.tab();
      const missing: string[] = [];
      page.on('console', (m) => m.text().startsWith('Missing translation') && missing.push(m.text()));
      await signIn(page, 'claimant1');
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([locale, dir]);
      expect(await page.locator('nav').textContent()).toMatch(SCRIPT[locale]!);

      await page.locator('nav a[href="/cases/new"]').first().click();
      await expect.poll(() => page.locator('select[name=preferredLanguage]').inputValue(), { timeout: 15_000 }).toBe(locale);
      const lastName = uniqueSurname('Locale');
      const email = `${lastName.toLowerCase()}@example.org`;
      await page.locator('[name="claimant.firstName"]').fill('Camille');
      await page.locator('[name="claimant.lastName"]').fill(lastName);
      await page.locator('[name="claimant.birthDate"]').fill('1980-02-14');
      await page.locator('[name="claimant.email"]').fill(email);
      await page.locator('[name="employer.name"]').fill('Scierie des Vosges');
      await page.locator('[name="disease.description"]').fill('Lombalgie chronique liée à la manutention de charges lourdes.');
      await page.locator('[name="disease.firstMedicalObservation"]').fill(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
      await page.locator('[name="contributionMonths"]').fill('120');
      expect(await faultsOf(page, missing)).toEqual([]);
      await page.locator('form.card button[type=submit], form.card button:not([type])').last().click();

      // The page says "your case <id> is registered" in its language: the id is the one word alike in all.
      const caseId = await eventually(async () => /\b[0-9A-HJKMNP-TV-Z]{26}\b/.exec((await page.locator('main').textContent()) ?? '')?.[0], 15_000);
      cases.set(locale, caseId);
      const upload = page.locator('input[type=file]').first();
      await expect.poll(() => upload.count(), { timeout: 15_000 }).toBe(1);
      await upload.setInputFiles(pdf('declaration-form'));
      const documentId = await eventually(async () => {
        const view = await api<{ documents?: { documentId: string; status: string }[] }>('claimant1', 'GET', `/api/cases/${caseId}`);
        return view.body.documents?.find((d) => d.status === 'received')?.documentId;
      }, 30_000);

      // The rejection is told in the portal, in the claimant's language.
      const review = await api('agent1', 'POST', `/api/cases/${caseId}/documents/${documentId}/review`, { decision: 'rejected', reason: 'Illegible scan' });
      expect(review.status, JSON.stringify(review.body)).toBe(200);
      const notice = await eventually(async () => {
        const inbox = await api<{ items: { caseId: string; template: string; subject: string }[] }>('claimant1', 'GET', '/api/notifications?limit=100');
        return inbox.body.items?.find((n) => n.caseId === caseId && n.template === 'document-rejected');
      }, 15_000);
      expect(notice.subject).toMatch(SCRIPT[locale]!);
      // The documents still missing are e-mailed when the scheduler's reminder falls due (played here).
      await putDomainEvent('DocumentsReminderDue', { caseId, caseType: 'occupational-disease', reminder: 1, missing: ['medical-certificate'], dedupKey: `${caseId}#documents#1` });
      const sent = await eventually(async () => {
        const outbox = await api<{ items: { to: string; template: string; language: string; subject: string; text: string }[] }>(undefined, 'GET', '/api/_local/outbox');
        return outbox.body.items?.find((e) => e.to === email && e.template === 'documents-reminder');
      }, 30_000);
      expect(sent.language).toBe(locale);
      expect(sent.subject).toMatch(SCRIPT[locale]!);
      expect(sent.text).toMatch(SCRIPT[locale]!);
      expect(sent.text).toContain(`/cases/${caseId}`);
      expect(browser.problems).toEqual([]);
      await page.close();
    });
  }

  it('renders the case page, the declaration form and the staff pages in each of the fourteen languages, without a raw key, overflow or serious axe finding', async () => {
    const browser = await openBrowser();
    browsers.push(browser);
    const caseId = cases.get('ja')!;
    expect(caseId).toBeTruthy();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const claimant = await browser.tab();
    const missing: string[] = [];
    claimant.on('console', (m) => m.text().startsWith('Missing translation') && missing.push(m.text()));
    await signIn(claimant, 'claimant1');
    const faults: string[] = [];
    for (const locale of LOCALES) {
      await claimant.evaluate((l) => localStorage.setItem('dossier.language', l), locale);
      await claimant.goto(`/cases/${caseId}`);
      await expect.poll(() => claimant.evaluate(() => document.documentElement.lang)).toBe(locale);
      await expect.poll(() => claimant.locator('#history-title, h2').count(), { timeout: 15_000 }).toBeGreaterThan(1);
      await claimant.screenshot({ path: join(SCREENSHOTS, `case-page-${locale}.png`), fullPage: true });
      faults.push(...(await faultsOf(claimant, missing.splice(0))).map((f) => `${locale} case page: ${f}`));
      await claimant.goto('/cases/new');
      await expect.poll(() => claimant.locator('[name="claimant.firstName"]').count(), { timeout: 15_000 }).toBe(1);
      // The same form as the first test checked with axe in Japanese and Arabic: here, its words.
      faults.push(...(await faultsOf(claimant, missing.splice(0), { axe: false })).map((f) => `${locale} declaration: ${f}`));
    }

    // Staff pages in the scripts most apt to overflow or clip: right to left, Tamil (the longest
    // words), CJK (axe in Arabic; the English pages are axe-checked by the other files).
    const supervisor = await browser.tab();
    supervisor.on('console', (m) => m.text().startsWith('Missing translation') && missing.push(m.text()));
    await signIn(supervisor, 'supervisor1');
    for (const locale of ['ar', 'ta', 'zh-Hant']) {
      await supervisor.evaluate((l) => localStorage.setItem('dossier.language', l), locale);
      for (const path of ['/basket', '/cases', '/sla', '/workload', '/staff', '/rules', '/dashboard', `/cases/${caseId}`]) {
        await supervisor.goto(path);
        await expect.poll(() => supervisor.locator('main h1, main h2').count(), { timeout: 15_000 }).toBeGreaterThan(0);
        await supervisor.waitForLoadState('networkidle');
        faults.push(...(await faultsOf(supervisor, missing.splice(0), { axe: locale === 'ar' })).map((f) => `${locale} ${path}: ${f}`));
      }
    }
    expect(faults).toEqual([]);
    expect(browser.problems).toEqual([]);
  }, 240_000);
});
