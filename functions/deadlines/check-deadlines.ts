import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#shared/clock.js';
import { logger } from '#shared/observability/logger.js';
import { checkDeadlines } from '#shared/sla/deadline-checker.js';

// Run every few minutes by an EventBridge schedule (locally, by the scheduler on the runtime's
// clock). Overlapping or retried runs are harmless: each step is taken once.
export const handler = middy(async () => {
  const result = await checkDeadlines(now());
  logger.info('deadlines checked', { ...result });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
