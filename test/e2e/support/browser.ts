import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import axeCore from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

// Debian's Chromium: no browser download is possible, and the flags keep it quiet and offline.
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS = join(import.meta.dirname, '..', '..', '..', 'test-results', 'e2e');

export interface Browser {
  readonly context: BrowserContext;
  /** A new tab: its own session (the portal keeps the login per tab). */
  tab(): Promise<Page>;
  /** Console errors and uncaught exceptions seen in any tab. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`The browser tests drive Debian's Chromium at ${CHROMIUM}: install it with "apt-get install chromium" (.ci/run does)`);
  const profile = mkdtempSync(join(tmpdir(), 'dossier-chromium-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    ...(options.locale ? { locale: options.locale } : {}),
    viewport: options.viewport ?? { width: 1280, height: 860 },
    baseURL: inject('portalUrl'),
  });
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    // Which call failed, and why, so that a failing run says more than "400".
    page.on('response', async (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}: ${(await response.text().catch(() => '')).slice(0, 300)}`);
    });
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  return {
    context,
    problems,
    tab: async () => {
      const page = await context.newPage();
      // Pointer input goes to the tab in front, as it would for a person.
      await page.bringToFront();
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function logInAs(page: Page, username: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/user name|identifiant/i).fill(username);
  await page.getByLabel(/password|mot de passe/i).fill('demo');
  await page.getByRole('button', { name: /sign in|se connecter/i }).click();
  await expect.poll(() => page.getByRole('button', { name: /sign out|se déconnecter/i }).isVisible()).toBe(true);
}

/** Signs in whatever the page's language: by the form's fields, not their labels. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill('demo');
  await page.locator('input[name=password]').press('Enter');
  // Waited for without expect.poll, which concurrent tests may not share.
  await page.locator('nav a[href="/notifications"]').waitFor({ state: 'visible', timeout: 15_000 });
}

/** Saves a screenshot as a test artifact and checks the screen with axe: no serious or critical violation. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  // AxeBuilder here, not runAxe: it also checks inside frames (the document preview is one).
  expect(seriousFindings((await new AxeBuilder({ page }).analyze()).violations), name).toEqual([]);
}

/** axe's serious and critical findings, each as the rule, what it asks and where on the page. */
function seriousFindings(violations: readonly axeCore.Result[]): string[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * What a person would notice is wrong with a screen in a language: a raw key (the portal logs
 * "Missing translation: <key>", gathered in `missing`), text running off the page, and axe's
 * serious or critical findings.
 */
export async function screenFaults(page: Page, missing: string[]): Promise<string[]> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const found = await runAxe(page);
  return [
    ...missing.splice(0),
    ...(overflow > 1 ? [`the page is ${overflow}px wider than the window`] : []),
    ...seriousFindings(found.violations),
  ];
}

/** Gathers the keys the portal could not translate in this tab, for `screenFaults`. */
export function missingTranslations(page: Page): string[] {
  const missing: string[] = [];
  page.on('console', (m) => m.text().startsWith('Missing translation') && missing.push(m.text()));
  return missing;
}

/**
 * axe in the page as it is, put in once per page load: AxeBuilder puts its half-megabyte of
 * source into the page at every analysis, which is most of an analysis's time when the same
 * page is checked in fourteen languages in a row.
 */
async function runAxe(page: Page): Promise<axeCore.AxeResults> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeCore.source);
  return page.evaluate(() => (window as unknown as { axe: typeof axeCore }).axe.run(document));
}
