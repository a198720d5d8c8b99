import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/ports.js';
import { call, startDossier as startLocalDossier } from './support/npm-start.js';

// `npm start` as a user runs it, on its own data folder, killed with SIGKILL half-way through
// scenario A and started again: nothing may be lost.
const dataDir = mkdtempSync(join(tmpdir(), 'dossier-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const startDossier = (port: number, env: Record<string, string | undefined> = {}) => startLocalDossier(port, dataDir, env);

async function poll<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

function javaProcessesFor(dir: string): Promise<number> {
  return new Promise((resolve) => {
    const ps = spawn('ps', ['-eo', 'args']);
    let out = '';
    ps.stdout.on('data', (c: Buffer) => (out += c.toString()));
    ps.on('exit', () => resolve(out.split('\n').filter((l) => l.includes('DynamoDBLocal.jar') && l.includes(dir)).length));
  });
}

describe('restarting the local runtime', () => {
  it('keeps every open case where it was after a kill -9, its tasks still completable', { timeout: 180_000 }, async () => {
    const port = await freePort();
    let dossier = await startDossier(port);
    const login = async (username: string) => (await call(port, 'POST', '/api/auth/login', undefined, { username, password: 'demo' })).body.token as string;
    const claimant = await login('claimant1');
    const { body: created } = await call(port, 'POST', '/api/cases', claimant, {
      type: 'occupational-disease',
      data: {
        claimant: { firstName: 'Paul', lastName: 'Restart', birthDate: '1975-05-05', email: 'paul@example.org' },
        employer: { name: 'Fonderie Test' },
        disease: { description: 'Silicose constatée après vingt ans en fonderie.', firstMedicalObservation: '2026-03-03' },
        contributionMonths: 240,
      },
    });
    const agent = await login('agent1');
    const qualification = await poll(async () => (await call(port, 'GET', `/api/tasks?view=queue&limit=100`, agent)).body.items.find((t: any) => t.caseId === created.caseId));
    expect((await call(port, 'POST', `/api/tasks/${qualification.taskId}/claim`, agent)).status).toBe(200);

    dossier.kill('SIGKILL');
    await new Promise((r) => dossier.once('exit', r));
    // The watchdog takes DynamoDB Local down with its parent: no JVM is left behind.
    await poll(async () => ((await javaProcessesFor(dataDir)) === 0 ? true : undefined));

    // As a user starts it this time, with no log level set: what it prints once ready, while people work.
    dossier = await startDossier(port, { POWERTOOLS_LOG_LEVEL: undefined });
    let printed = '';
    dossier.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    try {
      const agentAgain = await login('agent1');
      const done = await call(port, 'POST', `/api/tasks/${qualification.taskId}/complete`, agentAgain, { outcome: 'accept' });
      expect(done.status).toBe(200);
      const expert = await login('expert1');
      const review = await poll(async () => (await call(port, 'GET', `/api/tasks?view=queue&limit=100`, expert)).body.items.find((t: any) => t.caseId === created.caseId && t.kind === 'medical-review'));
      expect(review.status).toBe('open');
      // The console stays quiet: no line per request or per step (WARN and above only).
      expect(printed).not.toMatch(/"level":"(INFO|DEBUG)"/);
    } finally {
      dossier.kill('SIGINT');
      await new Promise((r) => dossier.once('exit', r));
    }
    expect(await javaProcessesFor(dataDir)).toBe(0);
  });
});
