import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { logger } from '#shared/observability/logger.js';
import { takeDecision } from '#shared/workflows/take-decision.js';

const input = z.object({ caseId: z.string().min(1), decisionId: z.string().regex(/^[a-z0-9-]{1,60}$/) });

// Invoked by the state machine, never by HTTP: a malformed input is a bug, so it throws.
export const handler = middy(async (event: unknown) => {
  const parsed = input.parse(event);
  logger.appendKeys({ caseId: parsed.caseId });
  const result = await takeDecision(parsed);
  logger.info('decision taken', { decisionId: parsed.decisionId, version: result.version });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
