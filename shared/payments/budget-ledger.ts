import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { config } from '../config.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import type { Allocation } from './assessment.js';
import { Decimal, toMoney } from './money.js';

// The budget ledger: per budget, year and envelope, the sum of every committed payment. Each
// payment adds to it in the transaction that commits the payment, so the ledger is the sum of the
// decisions by construction. DynamoDB numbers are exact decimals (38 digits): the amounts go in as
// decimal strings (NumberValue) and come out as strings, never through a float. An envelope is
// spread over a few items so that concurrent payments do not all contend for one.

export const LEDGER_SHARDS = 8;
export const ledgerPk = (budgetId: string, year: number) => `BUDGET#${budgetId}#${year}`;
const ledgerSk = (envelope: string, shard: number) => `ENVELOPE#${envelope}#${shard}`;

function shardOf(caseId: string): number {
  return createHash('sha256').update(`ledger#${caseId}`).digest()[0]! % LEDGER_SHARDS;
}

/** Adds a payment's allocations to the ledger; linked to the write that commits the payment. */
export function ledgerWrites(budgetId: string, year: number, caseId: string, allocations: readonly Allocation[]): LinkedWrite[] {
  return allocations.map((allocation) => ({
    Update: {
      TableName: config().TABLE_NAME,
      Key: { pk: ledgerPk(budgetId, year), sk: ledgerSk(allocation.envelope, shardOf(caseId)) },
      UpdateExpression: 'ADD committed :amount, payments :one SET entity = :entity, envelope = :envelope',
      ExpressionAttributeValues: { ':amount': NumberValue.from(allocation.amount), ':one': 1, ':entity': 'ledger', ':envelope': allocation.envelope },
    },
  }));
}

export interface EnvelopeTotal {
  readonly envelope: string;
  readonly committed: string;
  readonly payments: number;
}

/** The year's committed totals per envelope: one Query, whatever the number of payments. */
export async function ledgerTotals(budgetId: string, year: number): Promise<EnvelopeTotal[]> {
  const totals = new Map<string, { committed: Decimal; payments: number }>();
  let start: Record<string, never> | undefined;
  do {
    // The low-level client: its numbers stay strings, exact.
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config().TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: ledgerPk(budgetId, year) } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const envelope = item.envelope?.S ?? '';
      const current = totals.get(envelope) ?? { committed: new Decimal(0), payments: 0 };
      totals.set(envelope, { committed: current.committed.plus(item.committed?.N ?? '0'), payments: current.payments + Number(item.payments?.N ?? '0') });
    }
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return [...totals].map(([envelope, t]) => ({ envelope, committed: toMoney(t.committed), payments: t.payments }));
}
