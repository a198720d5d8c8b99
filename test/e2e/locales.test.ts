/// <reference lib="dom" />
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../integration/support/api.js';
import { putDomainEvent } from '../integration/support/events.js';
import { api, pdf, uniqueSurname } from './support/api.js';
import { missingTranslations, openBrowser, screenFaults, signIn, type Browser } from './support/browser.js';

const SCRIPT: Record<string, RegExp> = { ja: /[\u3040-\u30ff\u4e00-\u9fff]/, ar: /[\u0600-\u06ff]/ };

describe('the portal and its e-mails in every language', () => {
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
      const missing = missingTranslations(page);
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
      expect(await screenFaults(page, missing)).toEqual([]);
      await page.locator('form.card button[type=submit], form.card button:not([type])').last().click();

      // The page says "your case <id> is registered" in its language: the id is the one word alike in all.
      const caseId = await eventually(async () => /\b[0-9A-HJKMNP-TV-Z]{26}\b/.exec((await page.locator('main').textContent()) ?? '')?.[0], 15_000);
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
});
