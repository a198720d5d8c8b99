import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#shared/clock.js';
import { exportDay } from '#shared/dashboard/daily-export.js';
import { logger } from '#shared/observability/logger.js';

// Run once a day by an EventBridge schedule: exports the day that just ended (UTC).
export const handler = middy(async () => {
  const yesterday = new Date(now().getTime() - 86_400_000).toISOString().slice(0, 10);
  const result = await exportDay(yesterday);
  logger.info('daily export written', { day: result.day, counters: result.counters });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
