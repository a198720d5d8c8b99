import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { logger } from '#shared/observability/logger.js';
import { moneyAmount } from '#shared/payments/money.js';
import { runAutomaticSteps } from '#shared/workflows/automatic-steps.js';

const step = z.discriminatedUnion('run', [
  z.object({ run: z.literal('register') }),
  z.object({ run: z.literal('assess') }),
  z.object({ run: z.literal('decide-rule'), decisionId: z.string().regex(/^[a-z0-9-]{1,60}$/), as: z.string().regex(/^[a-zA-Z]{1,40}$/) }),
  z.object({ run: z.literal('pay'), amount: moneyAmount.optional() }),
  z.object({ run: z.literal('decide'), decision: z.string().min(1) }),
  z.object({ run: z.literal('notify'), decision: z.string().min(1) }),
  z.object({ run: z.literal('conclude'), decision: z.string().min(1) }),
  z.object({ run: z.literal('close'), reason: z.string().min(1) }),
]);
const input = z.object({ caseId: z.string().min(1), executionId: z.string().optional(), amount: moneyAmount.optional(), steps: z.array(step).min(1).max(10) });

// Invoked by the state machine, never by HTTP: a malformed input is a bug, so it throws.
export const handler = middy(async (event: unknown) => {
  const parsed = input.parse(event);
  logger.appendKeys({ caseId: parsed.caseId });
  const result = await runAutomaticSteps(parsed);
  logger.info('automatic steps done', { steps: parsed.steps.map((s) => s.run) });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
