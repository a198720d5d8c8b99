import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { now } from '#shared/clock.js';
import { logger } from '#shared/observability/logger.js';
import { applyAbsences } from '#shared/staff/absences.js';

// Run every few minutes by an EventBridge schedule (locally, by the scheduler on the runtime's
// clock): an absence's tasks move within minutes of its start, once.
export const handler = middy(async () => applyAbsences(now())).use(injectLambdaContext(logger, { resetKeys: true }));
