import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { logger } from '#shared/observability/logger.js';
import { registerCase } from '#shared/workflows/register-case.js';

const input = z.object({ caseId: z.string().min(1), executionId: z.string().optional() });

// Invoked by the state machine, never by HTTP: a malformed input is a bug, so it throws.
export const handler = middy(async (event: unknown) => {
  const parsed = input.parse(event);
  logger.appendKeys({ caseId: parsed.caseId });
  return registerCase(parsed);
}).use(injectLambdaContext(logger, { resetKeys: true }));
