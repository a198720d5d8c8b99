import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { caseStartMessage } from '#shared/intake/case-start-queue.js';
import { startQueuedCase } from '#shared/intake/case-starter.js';
import { logger } from '#shared/observability/logger.js';

// The starter: fed by the case start queue (an SQS event source mapping in AWS, the local queue
// poller on a laptop) with a bounded batch size and concurrency, which is what keeps StartExecution
// below its quota. A message that fails is reported alone and comes back after the visibility
// timeout; after five receipts it goes to the dead-letter queue, which raises an alarm.
export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const outcomes = await Promise.allSettled(
    event.Records.map(async (message) => {
      const parsed = caseStartMessage.safeParse(JSON.parse(message.body));
      if (!parsed.success) throw new Error('not a case start message');
      const outcome = await startQueuedCase(parsed.data.caseId);
      logger.info('case start taken', { caseId: parsed.data.caseId, outcome, receiveCount: message.attributes.ApproximateReceiveCount });
    }),
  );
  const failures = event.Records.filter((_, i) => outcomes[i]!.status === 'rejected');
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status === 'rejected') logger.warn('case start failed', { messageId: event.Records[i]!.messageId, error: (outcome.reason as Error).name });
  }
  return { batchItemFailures: failures.map((m) => ({ itemIdentifier: m.messageId })) };
}).use(injectLambdaContext(logger, { resetKeys: true }));
