import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/ports.js';
import { call, startDossier as startLocalDossier } from './support/npm-start.js';

// `npm start` killed with SIGKILL while a surge is still in the start queue (the starter slowed
// to a few starts a second), then started again: every declared case is started, once.
const dataDir = mkdtempSync(join(tmpdir(), 'dossier-surge-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// The starter slowed to a few starts a second; messages taken by the killed run come back soon.
const startDossier = (port: number, perSecond: number) =>
  startLocalDossier(port, dataDir, {
    CASE_STARTS_PER_SECOND: String(perSecond),
    CASE_START_BATCH_SIZE: '1',
    CASE_START_CONCURRENCY: '1',
    CASE_START_VISIBILITY_SECONDS: '3',
  });

const declaration = (n: number) => ({
  type: 'occupational-disease',
  data: {
    claimant: { firstName: 'Paul', lastName: `Surge-${String.fromCharCode(65 + (n % 26))}`, birthDate: '1975-05-05', email: 'paul@example.org' },
    employer: { name: 'Fonderie Test' },
    disease: { description: 'Silicose constatée après vingt ans en fonderie.', firstMedicalObservation: '2026-03-03' },
    contributionMonths: 240,
  },
});

async function kill(child: ChildProcess, signal: NodeJS.Signals) {
  child.kill(signal);
  await new Promise((r) => child.once('exit', r));
}

describe('restarting the local runtime in the middle of a surge', () => {
  it('starts every declared case once, the killed run\'s backlog included', { timeout: 240_000 }, async () => {
    const port = await freePort();
    let dossier = await startDossier(port, 2);
    const login = async () => (await call(port, 'POST', '/api/auth/login', undefined, { username: 'claimant2', password: 'demo' })).body.token as string;
    let token = await login();
    const created = await Promise.all(Array.from({ length: 30 }, (_, n) => call(port, 'POST', '/api/cases', token, declaration(n))));
    expect(created.map((r) => r.status)).toEqual(Array(30).fill(202));
    const ids = created.map((r) => r.body.caseId as string);
    const before = (await call(port, 'GET', '/api/_local/case-starts')).body;
    expect(before.visible + before.inFlight).toBeGreaterThan(0);

    await kill(dossier, 'SIGKILL');
    dossier = await startDossier(port, 50);
    try {
      token = await login();
      const statuses = async () => Promise.all(ids.map(async (id) => (await call(port, 'GET', `/api/cases/${id}`, token)).body.status as string));
      for (let i = 0; ; i++) {
        const now = await statuses();
        if (now.every((s) => s === 'qualification')) break;
        if (i > 120) throw new Error(`not all started: ${now.filter((s) => s !== 'qualification').length} left`);
        await new Promise((r) => setTimeout(r, 500));
      }
      for (const id of ids) {
        const history = (await call(port, 'GET', `/api/cases/${id}/history`, token)).body.entries.map((e: { action: string }) => e.action);
        expect(history.filter((a: string) => a === 'case.registered')).toHaveLength(1);
        expect(history.filter((a: string) => a === 'task.created')).toHaveLength(1);
      }
      const after = (await call(port, 'GET', '/api/_local/case-starts')).body;
      expect(after).toMatchObject({ visible: 0, inFlight: 0, deadLetters: 0 });
    } finally {
      await kill(dossier, 'SIGINT');
    }
  });
});
