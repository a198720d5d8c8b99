import * as z from 'zod';
import { authorize } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { allBudgets } from '../case-types/index.js';
import { now } from '../clock.js';
import type { Budget } from './assessment.js';
import { ledgerTotals } from './budget-ledger.js';
import { Decimal, toMoney } from './money.js';

export const budgetQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export interface EnvelopeReport {
  readonly envelope: string;
  readonly budget: string;
  readonly committed: string;
  readonly payments: number;
  /** committed / budget, 4 decimals. */
  readonly consumedShare: string;
  /** The committed amount carried on at this year's pace to 31 December (the current year only). */
  readonly projectedYearEnd: string;
  readonly alert: 'none' | 'threshold-reached' | 'projected-overrun';
}

/**
 * Each budget's envelopes: consumption against budget, the projected year-end and an alert once
 * the consumption reaches the budget's alert share, or the projection overruns the budget.
 */
export async function budgetReport(principal: Principal, query: z.output<typeof budgetQuery>) {
  authorize(principal, 'budget:read');
  const at = now();
  return budgetFigures(query.year ?? at.getUTCFullYear(), at);
}

/** Every budget of the case types for `year`, as of `at`: one Query of the ledger per budget. */
export async function budgetFigures(year: number, at: Date) {
  const budgets = allBudgets();
  return {
    year,
    asOf: at.toISOString(),
    items: await Promise.all(budgets.map(async (budget) => ({ budgetId: budget.id, currency: budget.currency, envelopes: envelopes(budget, await ledgerTotals(budget.id, year), yearElapsed(year, at)) }))),
  };
}

export type BudgetFigures = Awaited<ReturnType<typeof budgetFigures>>;

/**
 * The dashboard's budget alerts: an envelope whose consumption reached the budget's alert share
 * (critical: the money is nearly gone), or whose forecast to 31 December exceeds what it was
 * given (warning: there is time to act).
 */
export function budgetAlerts(figures: BudgetFigures) {
  return figures.items.flatMap((item) =>
    item.envelopes
      .filter((e) => e.alert !== 'none')
      .map((e) => ({
        kind: 'budget' as const,
        level: e.alert === 'threshold-reached' ? ('critical' as const) : ('warning' as const),
        reason: e.alert as 'threshold-reached' | 'projected-overrun',
        budgetId: item.budgetId,
        year: figures.year,
        envelope: e.envelope,
        currency: item.currency,
        budget: e.budget,
        committed: e.committed,
        projectedYearEnd: e.projectedYearEnd,
      })),
  );
}

function envelopes(budget: Budget, totals: Awaited<ReturnType<typeof ledgerTotals>>, elapsed: Decimal): EnvelopeReport[] {
  return budget.envelopes.map(({ envelope, annual }) => {
    const total = totals.find((t) => t.envelope === envelope);
    const committed = new Decimal(total?.committed ?? '0');
    const projected = elapsed.gt(0) ? committed.div(elapsed) : committed;
    const share = committed.div(annual);
    const alert = share.gte(budget.alertShare) ? 'threshold-reached' : projected.gt(annual) ? 'projected-overrun' : 'none';
    return {
      envelope,
      budget: toMoney(annual),
      committed: toMoney(committed),
      payments: total?.payments ?? 0,
      consumedShare: share.toDecimalPlaces(4).toFixed(4),
      projectedYearEnd: toMoney(projected),
      alert,
    };
  });
}

/** Share of the year gone at `at` (1 for a past year, 0 for a future one). */
function yearElapsed(year: number, at: Date): Decimal {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return Decimal.max(0, Decimal.min(1, new Decimal(at.getTime() - start).div(end - start)));
}
