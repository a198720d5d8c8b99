import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
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

/** Saves a screenshot as a test artifact and checks the screen with axe: no serious or critical violation. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), name).toEqual([]);
}
