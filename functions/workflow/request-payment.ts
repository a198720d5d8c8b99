import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { logger } from '#shared/observability/logger.js';
import { moneyAmount } from '#shared/payments/money.js';
import { requestPayment } from '#shared/payments/request-payment.js';

// `pay.amount`: the amount a settlement gave; without it the case's assessment is paid.
const input = z.object({ caseId: z.string().min(1), pay: z.object({ amount: moneyAmount.optional() }).default({}) });

// Invoked by the state machine, never by HTTP: a malformed input is a bug, so it throws. The
// state after it announces PaymentRequested with what this returns.
export const handler = middy(async (event: unknown) => {
  const parsed = input.parse(event);
  logger.appendKeys({ caseId: parsed.caseId });
  const payment = await requestPayment({ caseId: parsed.caseId, ...(parsed.pay.amount ? { amount: parsed.pay.amount } : {}) });
  logger.info('payment committed', { paymentId: payment.paymentId });
  return payment;
}).use(injectLambdaContext(logger, { resetKeys: true }));
