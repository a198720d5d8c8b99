import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { logger } from '#shared/observability/logger.js';
import { assessCase } from '#shared/workflows/assess-case.js';

const input = z.object({ caseId: z.string().min(1) });

// Invoked by the state machine, never by HTTP: a malformed input is a bug, so it throws.
export const handler = middy(async (event: unknown) => {
  const parsed = input.parse(event);
  logger.appendKeys({ caseId: parsed.caseId });
  const assessment = await assessCase(parsed);
  logger.info('case assessed', { allocations: assessment.allocations.length });
  return { amount: assessment.amount, currency: assessment.currency };
}).use(injectLambdaContext(logger, { resetKeys: true }));
