import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#shared/clock.js';
import { writeChainDigest } from '#shared/history/chain-digest.js';
import { logger } from '#shared/observability/logger.js';

// Run once a day by an EventBridge schedule.
export const handler = middy(async () => {
  const at = now();
  const digest = await writeChainDigest(at.toISOString().slice(0, 10), at.toISOString());
  logger.info('chain digest written', { day: digest.day, cases: digest.heads.length });
  return { day: digest.day, cases: digest.heads.length };
}).use(injectLambdaContext(logger, { resetKeys: true }));
