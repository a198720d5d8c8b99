/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdf, uniqueSurname } from './support/api.js';
import { openBrowser, type Browser } from './support/browser.js';

// Keyboard only: no click, no fill. Each control is reached with Tab (so it is in the tab order),
// shows where the focus is (a visible outline), and is worked with the keys a person would press.
// What a screen reader would say is read from the portal's one live region, as it changes.

interface Focused {
  readonly selector: string;
  readonly text: string;
  readonly outline: string;
}

/** What holds the focus, as a person sees it (its text, its outline) and as a test finds it. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { selector: 'body', text: '', outline: 'none' };
    const name = element.getAttribute('name');
    const selector = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${name ? `[name="${name}"]` : ''}`;
    const style = getComputedStyle(element);
    return { selector, text: (element.textContent ?? '').trim().slice(0, 120), outline: style.outlineStyle === 'none' ? 'none' : `${style.outlineStyle} ${style.outlineWidth}` };
  });
}

/** Presses Tab until the focus is on what `selector` names; fails if it is not in the tab order. */
async function tabTo(page: Page, selector: string, { backwards = false, within = 80 } = {}): Promise<void> {
  for (let presses = 0; presses < within; presses++) {
    // A date field reached backwards first focuses its calendar button (inside the field, not the
    // field's text): only the field itself focused counts.
    if (await page.evaluate((s) => (document.activeElement?.matches(s) && document.activeElement.matches(':focus')) ?? false, selector)) {
      const where = await focused(page);
      expect(where.outline, `the focus on ${where.selector} is not visible`).not.toBe('none');
      return;
    }
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${selector} was not reached with ${backwards ? 'Shift+' : ''}Tab in ${within} presses (the focus is on ${(await focused(page)).selector})`);
}

/** Moves a focused <select> with the arrow keys until it shows `value`. */
async function chooseWithArrows(page: Page, value: string): Promise<void> {
  for (let presses = 0; presses < 12; presses++) {
    if ((await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the option ${value} was not reached with the arrow keys`);
}

/** Keeps each message the live region says, in order, from now on. */
async function listenToAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    const region = document.getElementById('announcer')!;
    new MutationObserver(() => {
      const text = region.textContent?.trim();
      if (text && said.at(-1) !== text) said.push(text);
    }).observe(region, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => [...(window as unknown as { said: string[] }).said]);
}

async function signInWithKeys(page: Page, username: string): Promise<void> {
  await page.goto('/');
  await tabTo(page, 'input[name=username]');
  await page.keyboard.type(username);
  await tabTo(page, 'input[name=password]');
  await page.keyboard.type('demo');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('nav a[href="/notifications"]').isVisible(), { timeout: 15_000 }).toBe(true);
}

const surname = uniqueSurname('Clavier');

describe('the portal with the keyboard alone', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await openBrowser({ locale: 'en-GB' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets a claimant declare a case and upload its documents, hearing how each upload goes', async () => {
    const page = await browser.tab();
    await signInWithKeys(page, 'claimant1');
    await tabTo(page, 'nav a[href="/cases/new"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[name="claimant.firstName"]').count(), { timeout: 15_000 }).toBe(1);

    const type = async (field: string, text: string) => {
      await tabTo(page, `[name="${field}"]`);
      await page.keyboard.type(text);
    };
    await type('claimant.firstName', 'Camille');
    await type('claimant.lastName', surname);
    // A date field takes its parts in the browser's order (day, month, year in en-GB).
    await type('claimant.birthDate', '14021980');
    await type('claimant.email', 'clavier@example.org');
    await type('employer.name', 'Menuiserie du Jura');
    await type('disease.description', 'Lombalgie chronique liée à la manutention de charges lourdes.');
    const typed = (date: Date) => `${String(date.getDate()).padStart(2, '0')}${String(date.getMonth() + 1).padStart(2, '0')}${date.getFullYear()}`;
    // First a date the browser takes but the API refuses (a first observation next month).
    await type('disease.firstMedicalObservation', typed(new Date(Date.now() + 30 * 86_400_000)));
    await type('contributionMonths', '120');
    await tabTo(page, 'form button[type=submit]');
    await page.keyboard.press('Enter');

    // Refused: the focus is on what says why, and the field at fault is marked and described by it.
    await expect.poll(async () => (await focused(page)).selector, { timeout: 15_000 }).toBe('div#declare-error');
    expect((await focused(page)).text).toContain('First seen by a doctor on: cannot be in the future');
    const dateField = page.locator('[name="disease.firstMedicalObservation"]');
    expect([await dateField.getAttribute('aria-invalid'), await dateField.getAttribute('aria-describedby')]).toEqual(['true', 'declare-error']);
    expect(await page.locator('[aria-invalid]').count()).toBe(1);
    // Back to the field (reached from its end, the year): a year earlier puts it in the past.
    await tabTo(page, '[name="disease.firstMedicalObservation"]', { backwards: true });
    await page.keyboard.type(String(new Date(Date.now() + 30 * 86_400_000).getFullYear() - 1));
    await tabTo(page, 'form button[type=submit]');
    await page.keyboard.press('Enter');

    // The form is gone: the focus is on the news that replaced it, which names the case.
    await expect.poll(async () => (await focused(page)).text, { timeout: 15_000 }).toMatch(/Your case \w{26} is registered/);
    const said = await listenToAnnouncements(page);

    // Each slot's file picker opens from the keyboard; once a document is received its slot goes,
    // and the focus moves on to the next one still open, then to the list when none is left.
    const slots = ['declaration-form', 'medical-certificate', 'identity-document'];
    await expect.poll(() => page.locator('input[type=file]').count(), { timeout: 15_000 }).toBe(slots.length);
    await tabTo(page, 'input[type=file]');
    for (const [index, category] of slots.entries()) {
      expect((await focused(page)).selector).toBe(`input#upload-${category}`);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
      await chooser.setFiles(pdf(category));
      const next = slots[index + 1];
      await expect.poll(async () => (await focused(page)).selector, { timeout: 30_000 }).toBe(next ? `input#upload-${next}` : 'ul');
    }
    await expect.poll(() => page.locator('.checklist .badge', { hasText: 'Received' }).count(), { timeout: 30_000 }).toBe(3);
    const heard = await said();
    for (const category of slots) {
      expect(heard).toContain(`Sending ${category}.pdf: 0%`);
      expect(heard).toContain(`${category}.pdf sent, being checked.`);
      expect(heard.indexOf(`Sending ${category}.pdf: 0%`)).toBeLessThan(heard.indexOf(`${category}.pdf sent, being checked.`));
    }
    // The one refusal asked for above, and nothing else.
    const refusal = (p: string) => p.startsWith('400 POST /api/cases:') || p === 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)';
    expect(browser.problems.filter(refusal)).toHaveLength(2);
    expect(browser.problems.filter((p) => !refusal(p))).toEqual([]);
    browser.problems.splice(0);
    await page.close();
  });

  it('lets an agent take the qualification from the queue and complete it, the focus following each step', async () => {
    const page = await browser.tab();
    await signInWithKeys(page, 'agent1');
    // The in-basket: the queue, then this file's case in it.
    await tabTo(page, 'button[aria-pressed]:not([aria-pressed=true])');
    await page.keyboard.press('Space');
    const row = page.getByRole('button', { name: new RegExp(`Qualify the declaration · Camille ${surname}`) });
    await expect.poll(() => row.isVisible(), { timeout: 30_000 }).toBe(true);
    const rowId = await row.evaluate((b) => (b.id = 'this-case-task'));
    await tabTo(page, `button#${rowId}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Menuiserie du Jura' }).isVisible(), { timeout: 15_000 }).toBe(true);
    const said = await listenToAnnouncements(page);

    await tabTo(page, '.detail button:not(.link)');
    expect((await focused(page)).text).toBe('Take it');
    await page.keyboard.press('Enter');
    // Taken: the button pressed is gone, the focus is on what comes next, the outcome.
    await expect.poll(async () => (await focused(page)).selector, { timeout: 15_000 }).toBe('select');
    await expect.poll(said).toContain('You took the task: Qualify the declaration.');
    await chooseWithArrows(page, 'accept');
    await tabTo(page, 'select[name=severity]');
    await chooseWithArrows(page, 'moderate');
    await tabTo(page, 'textarea[name=note]');
    await page.keyboard.type('Exposition aux charges lourdes confirmée par l’employeur.');
    await tabTo(page, '.detail form button[type=submit]');
    await page.keyboard.press('Enter');

    // Completed: its panel goes, the focus is on the case's tasks, and the person hears it done.
    await expect.poll(said, { timeout: 15_000 }).toContain('Task completed: Qualify the declaration (Accept).');
    await expect.poll(async () => (await focused(page)).selector).toBe('h2#tasks-title');
    await expect.poll(() => page.locator('.detail').getByText('Medical opinion').first().isVisible(), { timeout: 30_000 }).toBe(true);
    expect(browser.problems).toEqual([]);
    await page.close();
  });
});
