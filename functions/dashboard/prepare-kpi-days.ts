import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#shared/clock.js';
import { prepareKpiDays } from '#shared/dashboard/kpi-store.js';
import { logger } from '#shared/observability/logger.js';

// Run once a day by an EventBridge schedule: gives today's and the next two days' counter items
// their full size ahead of the first case (see shared/dashboard/kpi-day-layout.ts). Two days of
// margin: a night or two of failed runs leaves the dashboard cheaper to read, never wrong.
export const handler = middy(async () => {
  const at = now().getTime();
  const days = [0, 1, 2].map((ahead) => new Date(at + ahead * 86_400_000).toISOString().slice(0, 10));
  const updates = await prepareKpiDays(days);
  logger.info('dashboard days prepared', { days, updates });
  return { days, updates };
}).use(injectLambdaContext(logger, { resetKeys: true }));
