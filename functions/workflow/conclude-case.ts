import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { logger } from '#shared/observability/logger.js';
import { concludeCase } from '#shared/workflows/conclude-case.js';

const input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('conclude'), caseId: z.string().min(1), decision: z.string().min(1) }),
  z.object({ step: z.literal('decide'), caseId: z.string().min(1), decision: z.string().min(1) }),
  z.object({ step: z.literal('notify'), caseId: z.string().min(1), decision: z.string().min(1) }),
  z.object({ step: z.literal('close'), caseId: z.string().min(1), reason: z.string().min(1) }),
]);

export const handler = middy(async (event: unknown) => {
  const parsed = input.parse(event);
  logger.appendKeys({ caseId: parsed.caseId });
  const result = await concludeCase(parsed);
  logger.info('case step done', { step: parsed.step });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
