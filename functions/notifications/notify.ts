import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { NOTIFYING_EVENTS, notifyForEvent } from '#shared/notifications/notify-event.js';
import { logger } from '#shared/observability/logger.js';

// A domain event as EventBridge delivers it to a rule's target (the local bus does the same).
const domainEvent = z.object({
  source: z.literal('dossier.cases'),
  'detail-type': z.enum(NOTIFYING_EVENTS),
  detail: z.record(z.string(), z.unknown()),
});

// A thrown error makes EventBridge retry the event, then park it in the dead-letter queue.
export const handler = middy(async (event: unknown) => {
  const parsed = domainEvent.parse(event);
  const caseId = typeof parsed.detail.caseId === 'string' ? parsed.detail.caseId : undefined;
  logger.appendKeys({ caseId, eventType: parsed['detail-type'] });
  const outcome = await notifyForEvent(parsed['detail-type'], parsed.detail);
  logger.info('event notified', { ...outcome });
  return outcome;
}).use(injectLambdaContext(logger, { resetKeys: true }));
