import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { resetConfigForTests } from '#shared/config.js';
import { budgetAlerts, budgetFigures } from '#shared/payments/budget-report.js';

// The budget forecast and its alert: the committed amount carried on at this year's pace to
// 31 December against what each envelope was given. The ledger is mocked to set the consumption.
const dynamo = mockClient(DynamoDBDocumentClient);

function ledger(committed: Record<string, string>) {
  dynamo.on(QueryCommand).resolves({
    Items: Object.entries(committed).map(([envelope, amount]) => ({ envelope: { S: envelope }, committed: { N: amount }, payments: { N: '10' } })),
  });
}

beforeEach(() => {
  process.env.TABLE_NAME = 'dossier';
  resetConfigForTests();
  resetClientsForTests();
  dynamo.reset();
});

describe('the budget forecast alert', () => {
  it('warns when the forecast to year end exceeds an envelope, long before its money is gone', async () => {
    // 1 July (about half the year gone): 5.5 M€ of the medicines' 10 M€ is on course for 11 M€.
    ledger({ medicines: '5500000.00', consultations: '1000000.00' });
    const figures = await budgetFigures(2026, new Date('2026-07-02T12:00:00Z'));
    const medicines = figures.items[0]!.envelopes.find((e) => e.envelope === 'medicines')!;
    expect(medicines).toMatchObject({ committed: '5500000.00', consumedShare: '0.5500', alert: 'projected-overrun' });
    expect(Number(medicines.projectedYearEnd)).toBeGreaterThan(10_000_000);
    expect(budgetAlerts(figures)).toEqual([
      expect.objectContaining({ kind: 'budget', level: 'warning', reason: 'projected-overrun', budgetId: 'health-fund', envelope: 'medicines', budget: '10000000.00', committed: '5500000.00' }),
    ]);
  });

  it('turns critical once the consumption reaches the alert share, and stays quiet on course', async () => {
    ledger({ medicines: '9000000.00', consultations: '1000000.00' });
    const late = await budgetFigures(2026, new Date('2026-12-20T00:00:00Z'));
    expect(budgetAlerts(late).map((a) => [a.envelope, a.level, a.reason])).toEqual([['medicines', 'critical', 'threshold-reached']]);
    ledger({ medicines: '4000000.00' });
    expect(budgetAlerts(await budgetFigures(2026, new Date('2026-07-02T12:00:00Z')))).toEqual([]);
  });
});
