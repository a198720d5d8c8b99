import { findCaseType } from '../case-types/index.js';
import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { casePk } from '../cases/case-keys.js';
import { getCase, LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { config } from '../config.js';
import type { Allocation, Assessment } from './assessment.js';
import { ledgerWrites } from './budget-ledger.js';
import { Decimal, moneyAmount, toMoney } from './money.js';
import { capToCeilings, ceilingWritesFor, CeilingReached } from '../members/member-ceilings.js';

/** A payment handed to the finance system: what `PaymentRequested` announces. */
export interface PaymentRequest {
  readonly paymentId: string;
  /** The finance system pays a key once: the same case's payment always carries the same key. */
  readonly idempotencyKey: string;
  readonly caseId: string;
  readonly caseType: string;
  readonly amount: string;
  readonly currency: string;
  readonly payee: string;
  readonly allocations: readonly Allocation[];
  readonly requestedAt: string;
}

const PAYMENT_SK = 'PAYMENT#1';

/**
 * Commits the case's payment: the payment item, the budget ledger and the history entry in one
 * transaction, the payment item only if none exists. A retried or duplicated step therefore
 * never commits twice (it finds the payment and returns it), and the ledger counts each once.
 * The amount is the one given (a settlement's), or the case's assessment.
 */
export async function requestPayment(input: { caseId: string; amount?: string }, attempts = 3): Promise<PaymentRequest> {
  const record = await getCase(input.caseId);
  if (!record) throw Object.assign(new Error('case not found'), { name: 'CaseNotFound' });
  const existing = (record as { payment?: PaymentRequest }).payment;
  if (existing) return existing;
  const caseType = findCaseType(record.type);
  if (!caseType) throw new Error(`no case type ${record.type}`);

  const assessment = (record as { assessment?: Assessment }).assessment;
  const given = input.amount ?? assessment?.amount;
  const currency = assessment?.currency ?? caseType.involvedAmount?.(record.data as never)?.currency;
  if (!given || !moneyAmount.safeParse(given).success || !currency) {
    throw Object.assign(new Error('the case has no payable amount'), { name: 'NothingToPay' });
  }
  const amount = toMoney(given);
  // Allocations describe the assessed amount; a different amount (a settlement) draws on no envelope.
  const allocations = caseType.budget && !input.amount && assessment ? assessment.allocations : [];
  const at = now();
  const ceilings = await ceilingWritesFor(record, allocations, at.getUTCFullYear());
  const payment: PaymentRequest = {
    paymentId: `${record.caseId}-1`,
    idempotencyKey: `dossier-payment-${record.caseId}-1`,
    caseId: record.caseId,
    caseType: record.type,
    amount,
    currency,
    payee: caseType.payee?.(record.data as never) ?? record.ownerId ?? record.caseId,
    allocations,
    requestedAt: at.toISOString(),
  };
  try {
    await recordChange(
      record.caseId,
      {
        at: payment.requestedAt,
        actor: SYSTEM_ACTOR,
        action: 'payment.requested',
        details: { paymentId: payment.paymentId, idempotencyKey: payment.idempotencyKey, amount, currency, allocations },
      },
      {
        set: { payment },
        linkedWrites: [
          { Put: { TableName: config().TABLE_NAME, Item: { pk: casePk(record.caseId), sk: PAYMENT_SK, entity: 'payment', ...payment }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(caseType.budget ? ledgerWrites(caseType.budget.id, at.getUTCFullYear(), record.caseId, allocations) : []),
          ...ceilings,
        ],
      },
    );
  } catch (error) {
    if (!(error instanceof LinkedWriteRefused)) throw error;
    // Another delivery of this step committed it first: that payment is the one.
    const latest = (await getCase(record.caseId)) as { payment?: PaymentRequest } | undefined;
    if (latest?.payment) return latest.payment;
    // A payment of the same member's took what remained of a ceiling meanwhile: the assessment is
    // capped again to what is left now, and this payment commits that.
    if (ceilings.length > 0 && assessment && !input.amount && attempts > 1) {
      const recapped = await capToCeilings(record, assessment, at.getUTCFullYear());
      if (!new Decimal(recapped.amount).gt(0)) throw new CeilingReached('the annual ceiling is reached');
      await recordChange(
        record.caseId,
        { at: now().toISOString(), actor: SYSTEM_ACTOR, action: 'case.assessed', details: { amount: recapped.amount, currency: recapped.currency, ceilingCaps: recapped.ceilingCaps ?? [] } },
        { set: { assessment: recapped }, bumpVersion: true, expectedVersion: record.version },
      );
      return requestPayment(input, attempts - 1);
    }
    throw error;
  }
  return payment;
}
