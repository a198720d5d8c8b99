import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#shared/clock.js';
import { reenqueueUnstartedCases } from '#shared/intake/unstarted-cases.js';
import { logger } from '#shared/observability/logger.js';

// Every few minutes (EventBridge schedule; the local scheduler on a laptop): cases stored but
// never enqueued get their start message. Overlapping runs only send harmless duplicates.
export const handler = middy(async () => {
  const result = await reenqueueUnstartedCases(now());
  logger.info('unstarted cases swept', { ...result });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
