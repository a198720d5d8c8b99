/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../integration/support/api.js';
import { api, uniqueSurname } from './support/api.js';
import { checkScreen, logInAs, openBrowser, type Browser } from './support/browser.js';

// The e2e stack seeds the demo staff's profiles but no case: the agents' baskets are empty, or
// hold what other files left. This file gives agent1 work of its own through the API first.

type Profile = { userId: string; skills: { caseTypes: string[]; languages: string[]; regions: string[] }; authorityLimit: number | null; capacity: number; absences: { from: string; to: string; delegate?: string }[]; version: number };

// A surname no other case has, so the rows found are this file's.
const surname = uniqueSurname('Rebalance');

/** Declares a case as claimant1 and waits for its qualification task in the agents' queue. */
async function qualificationTask(firstName: string): Promise<string> {
  const observed = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const created = await api<{ caseId: string }>('claimant1', 'POST', '/api/cases', {
    type: 'occupational-disease',
    data: {
      requestType: 'initial',
      claimant: { firstName, lastName: surname, birthDate: '1980-02-14', email: 'rebalance@example.org' },
      employer: { name: 'Filature du Rhin' },
      disease: { description: 'Troubles musculo-squelettiques des poignets liés aux gestes répétitifs.', tableReference: 'RG 57', firstMedicalObservation: observed },
      contributionMonths: 120,
      preferredLanguage: 'fr',
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  return eventually(async () => {
    const tasks = await api<{ items: { taskId: string; kind: string }[] }>('supervisor1', 'GET', `/api/tasks?caseId=${created.body.caseId}`);
    return tasks.body.items?.find((t) => t.kind === 'qualification')?.taskId;
  }, 30_000);
}

const profileOf = async (userId: string) => (await api<Profile>('supervisor1', 'GET', `/api/staff/${userId}`)).body;

/** The body that saves a profile as it is, over the version read. */
const editOf = ({ skills, authorityLimit, capacity, absences, version }: Profile) => ({
  skills,
  authorityLimit,
  capacity,
  absences: absences.map(({ from, to, delegate }) => ({ from, to, ...(delegate ? { delegate } : {}) })),
  expectedVersion: version,
});

/** A person's row of the workload board, found by its row header. */
const personRow = (page: Page, userId: string) =>
  page.getByRole('table', { name: 'Work per person' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${userId}\\b`) }) });

/** The open tasks of a person's row ("3 / 60"). */
const openTasks = async (page: Page, userId: string) => Number(/^\s*(\d+)/.exec((await personRow(page, userId).getByRole('cell').first().textContent()) ?? '')?.[1] ?? NaN);

describe('the workload board and the staff directory', () => {
  let browser: Browser;
  let agent1: Profile;
  let agent2: Profile;
  beforeAll(async () => {
    browser = await openBrowser();
    [agent1, agent2] = [await profileOf('agent1'), await profileOf('agent2')];
    // Two tasks held by agent1, handed by a supervisor as a rebalancing would.
    const taskIds = [await qualificationTask('Anne'), await qualificationTask('Bastien')];
    const handed = await api<{ results: { status: number }[] }>('supervisor1', 'POST', '/api/tasks/reassign', { taskIds, to: 'agent1' });
    expect(handed.body.results.map((r) => r.status), JSON.stringify(handed.body)).toEqual([200, 200]);
  });
  afterAll(async () => {
    // The agents' profiles as they were, for the files that follow.
    for (const saved of [agent1, agent2]) {
      const restored = await api('supervisor1', 'PUT', `/api/staff/${saved.userId}`, { ...editOf(saved), expectedVersion: (await profileOf(saved.userId)).version });
      expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    }
    await browser?.close();
  });

  it("lets a supervisor see each agent's load, move a selected task from agent1 to agent2, and see a refusal said per task", async () => {
    const page = await browser.tab();
    await logInAs(page, 'supervisor1');
    await page.getByRole('link', { name: 'Workload' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Workload' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => openTasks(page, 'agent1'), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(await openTasks(page, 'agent2')).toBeGreaterThanOrEqual(0);
    expect(await page.getByRole('table', { name: 'Work per queue' }).isVisible()).toBe(true);
    const before = { agent1: await openTasks(page, 'agent1'), agent2: await openTasks(page, 'agent2') };

    await page.getByRole('button', { name: 'Tasks of agent1' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Tasks held by agent1' }).isVisible()).toBe(true);
    const pick = page.getByRole('checkbox', { name: `Pick the task Qualify the declaration · Anne ${surname}` });
    await expect.poll(() => pick.isVisible(), { timeout: 15_000 }).toBe(true);
    await pick.check();
    await page.getByLabel('Move to').selectOption('agent2');
    await checkScreen(page, 'supervisor-workload-rebalance');
    await page.getByRole('button', { name: 'Move the selected tasks' }).click();

    // The live region says it, and the task's own line says it moved.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Moved to agent2: 1. Refused: 0.' }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('list', { name: 'Result per task' }).getByRole('listitem').filter({ hasText: `Anne ${surname}` }).textContent()).toContain('Moved');
    // The board comes again with the new counts; the task left agent1's list.
    await expect.poll(() => openTasks(page, 'agent1'), { timeout: 15_000 }).toBe(before.agent1 - 1);
    await expect.poll(() => openTasks(page, 'agent2'), { timeout: 15_000 }).toBe(before.agent2 + 1);
    await expect.poll(() => pick.count()).toBe(0);

    // With agent2 full, the other task is refused, and the page says so for that task.
    const full = await api('supervisor1', 'PUT', '/api/staff/agent2', { ...editOf(agent2), capacity: before.agent2 + 1 });
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    await page.getByRole('checkbox', { name: `Pick the task Qualify the declaration · Bastien ${surname}` }).check();
    await page.getByRole('button', { name: 'Move the selected tasks' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Moved to agent2: 0. Refused: 1.' }).isVisible(), { timeout: 15_000 }).toBe(true);
    // The server's reason follows the dash (whatever words it gives).
    expect(await page.getByRole('list', { name: 'Result per task' }).getByRole('listitem').filter({ hasText: `Bastien ${surname}` }).textContent()).toMatch(/^Refused .* — \S/);
    expect(await openTasks(page, 'agent1')).toBe(before.agent1 - 1);
    await page.close();
  });

  it("lets a supervisor edit agent1's capacity, shows a field the server refused beside it, and logs the change", async () => {
    const page = await browser.tab();
    await logInAs(page, 'supervisor1');
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Staff directory' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: 'Edit agent1' }).click();
    const capacity = page.getByLabel('Capacity (open tasks)');
    await expect.poll(() => capacity.inputValue(), { timeout: 15_000 }).toBe(String(agent1.capacity));
    const next = agent1.capacity - 5;

    // An absence that ends before it starts: the server names the field, the form shows it there.
    await page.getByRole('button', { name: 'Add an absence' }).click();
    const absence = page.getByRole('group', { name: 'Absence 1' });
    await absence.getByLabel('From').fill('2031-03-10T09:00');
    await absence.getByLabel('Until').fill('2031-03-05T18:00');
    await absence.getByLabel('Their tasks go to').selectOption('agent2');
    await capacity.fill(String(next));
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await expect.poll(() => absence.getByLabel('Until').getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    expect(await absence.locator('.fault').textContent()).toContain('must end after it starts');
    await checkScreen(page, 'supervisor-staff-field-error');
    // The refusal (and the browser's note of it) is the only problem the run may show.
    const refusals = browser.problems.filter((p) => p.startsWith('400 PUT /api/staff/agent1') || p.includes('status of 400'));
    expect(refusals).toHaveLength(2);
    browser.problems.splice(0, browser.problems.length, ...browser.problems.filter((p) => !refusals.includes(p)));

    // Without the absence, the new capacity saves.
    await page.getByRole('button', { name: 'Remove absence 1' }).click();
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Profile saved \(version \d+\)/ }).isVisible(), { timeout: 15_000 }).toBe(true);
    const row = page.getByRole('table', { name: 'Staff directory' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^agent1\b/ }) });
    await expect.poll(() => row.getByRole('cell').nth(4).textContent(), { timeout: 15_000 }).toBe(String(next));
    expect(await capacity.inputValue()).toBe(String(next));
    await expect.poll(() => page.getByRole('region', { name: 'Recent changes' }).getByText(`Capacity: ${agent1.capacity} → ${next}`).first().isVisible()).toBe(true);
    expect((await profileOf('agent1')).capacity).toBe(next);
    await checkScreen(page, 'supervisor-staff-saved');
    await page.close();
  });

  it('shows ops the directory read-only', async () => {
    const page = await browser.tab();
    await logInAs(page, 'ops1');
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByRole('button', { name: 'View agent2' }).click();
    await expect.poll(() => page.getByLabel('Capacity (open tasks)').isDisabled(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'Save the profile' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Workload' }).count()).toBe(0);
    await checkScreen(page, 'ops-staff-read-only');
    await page.close();
  });

  it('shows the board in Arabic, right to left, and in French', async () => {
    const page = await browser.tab();
    await logInAs(page, 'supervisor1');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('navigation').getByRole('link', { name: 'عبء العمل' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'العمل حسب الشخص' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: 'مهام agent1' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'المهام التي يتولاها agent1' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await checkScreen(page, 'supervisor-workload-arabic');
    await page.getByRole('combobox', { name: 'اللغة' }).selectOption('fr');
    await expect.poll(() => page.getByRole('table', { name: 'Travail par personne' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByRole('navigation').getByRole('link', { name: 'Équipe' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Modifier agent1' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
    await page.close();
  });

  it('raised no other error', () => {
    expect(browser.problems).toEqual([]);
  });
});
