import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { as, eventually, request } from './support/api.js';
import { daysAgo, healthRequest } from './support/claims.js';
import { openTask, work } from './support/lifecycle.js';

// 2,000 requests a day is a small load: a slice of a day, mostly simple requests, fed through the
// local stack's HTTP API a few at a time. The simple ones must close with no human touch and the
// exact amounts; the ledger must grow by exactly the sum of the payments decided.
const REQUESTS = 200;
const CONCURRENCY = 8;
const RATES: Record<string, string> = { medicine: '0.75', consultation: '0.75', hospitalisation: '0.9', 'work-accident': '1' };
const CATEGORIES = ['medicine', 'consultation', 'consultation', 'medicine', 'hospitalisation'];

interface Planned {
  readonly simple: boolean;
  readonly lines: { actCategory: string; date: string; amountPaid: string; provider: string; providerId?: string }[];
  caseId?: string;
}

/** Deterministic "random" requests: one in eight needs an agent (too large, or a provider without id). */
function plan(i: number): Planned {
  const simple = i % 8 !== 0;
  const count = 1 + (i % 3);
  const lines = Array.from({ length: count }, (_, j) => {
    const cents = ((i * 7919 + j * 104729) % 9000) + 101; // 1.01 … 91.00
    return {
      actCategory: CATEGORIES[(i + j) % CATEGORIES.length]!,
      date: daysAgo(1 + ((i + j) % 20)),
      amountPaid: new Decimal(cents).div(100).toFixed(2),
      provider: `Pharmacie ${j}`,
      ...(simple || i % 16 === 0 ? { providerId: `FINESS${1000 + j}` } : {}),
    };
  });
  // The agent's share: either a missing provider id, or an amount over the straight-through limit.
  if (!simple && i % 16 === 0) lines[0]!.amountPaid = '450.00';
  return { simple, lines };
}

/** What the fund owes, worked out here independently: each line rounded to the cent, half up. */
function expectedAmount(lines: Planned['lines']): string {
  return lines
    .reduce((total, l) => total.plus(new Decimal(l.amountPaid).times(RATES[l.actCategory]!).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)), new Decimal(0))
    .toFixed(2);
}

async function inParallel<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

const committedTotal = async () => {
  const report = (await (await as('ops1')).get('/api/budgets')).body;
  const fund = report.items.find((b: { budgetId: string }) => b.budgetId === 'health-fund');
  return { year: report.year as number, total: fund.envelopes.reduce((sum: Decimal, e: { committed: string }) => sum.plus(e.committed), new Decimal(0)) as Decimal };
};

describe('a mixed day of health requests', () => {
  it('closes the simple ones with no human touch and the exact amounts, and the ledger equals the sum of the decisions', { timeout: 120_000 }, async () => {
    const before = await committedTotal();
    const requests = Array.from({ length: REQUESTS }, (_, i) => plan(i));
    const member = await as('claimant2');
    await inParallel(requests, CONCURRENCY, async (planned) => {
      const created = await member.post('/api/cases', healthRequest(planned.lines, 'M0099999'));
      expect(created.status, JSON.stringify(created.body)).toBe(202);
      planned.caseId = created.body.caseId;
    });

    // The agent's share reaches the in-basket; each is approved. The 200 lifecycles run at once in
    // the one local process, the simple ones paying and closing meanwhile: the tasks may take a while.
    await inParallel(requests.filter((r) => !r.simple), 4, async (planned) => {
      await work('agent1', (await openTask(planned.caseId!, 'reimbursement-review', 60_000)).taskId, 'approve');
    });

    type BusEvent = { source: string; 'detail-type': string; detail: Record<string, any> };
    const ids = new Set(requests.map((r) => r.caseId));
    const payments = await eventually(async () => {
      const items = ((await request('GET', '/api/_local/events')).body.items as BusEvent[]).filter(
        (e) => e['detail-type'] === 'PaymentRequested' && ids.has(e.detail.caseId as string),
      );
      return items.length >= REQUESTS ? items : undefined;
    }, 60_000);
    expect(payments).toHaveLength(REQUESTS);
    const paid = new Map(payments.map((e) => [e.detail.caseId as string, e.detail.amount as string]));
    for (const planned of requests) expect(paid.get(planned.caseId!), planned.caseId).toBe(expectedAmount(planned.lines));

    // No human touched the simple ones: no task was ever created on them.
    const supervisor = await as('supervisor1');
    await inParallel(requests.filter((r) => r.simple), CONCURRENCY, async (planned) => {
      // PaymentRequested is announced before the case is notified and closed: wait for the close.
      const view = await eventually(async () => {
        const response = await supervisor.get(`/api/cases/${planned.caseId}`);
        return response.body.status === 'closed' ? response : undefined;
      });
      expect(view.body.decision).toBe('reimbursed');
      expect(view.body.history.map((h: { action: string }) => h.action).filter((a: string) => a.startsWith('task.'))).toEqual([]);
    });

    const after = await committedTotal();
    const decided = [...paid.values()].reduce((sum, amount) => sum.plus(amount), new Decimal(0));
    expect(after.year).toBe(before.year);
    expect(after.total.minus(before.total).toFixed(2)).toBe(decided.toFixed(2));
  });
});
