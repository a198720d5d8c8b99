import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { afterDocumentsChanged } from '#shared/documents/completeness.js';
import { logger } from '#shared/observability/logger.js';

// DocumentReceived as the case bus delivers it. Apart from document-arrived so the function that
// reads every upload does not carry the rules engine and the task machinery: here a complete
// collection moves its case on and the wait on the claimant starts or ends. Both are idempotent,
// so a retried or repeated event changes nothing more.
const documentReceived = z.object({
  source: z.literal('dossier.cases'),
  'detail-type': z.literal('DocumentReceived'),
  detail: z.object({ caseId: z.string().min(1) }),
});

// A thrown error makes EventBridge retry the event, then park it in the dead-letter queue.
export const handler = middy(async (event: unknown) => {
  const { detail } = documentReceived.parse(event);
  logger.appendKeys({ caseId: detail.caseId });
  await afterDocumentsChanged(detail.caseId);
  return { caseId: detail.caseId };
}).use(injectLambdaContext(logger, { resetKeys: true }));
