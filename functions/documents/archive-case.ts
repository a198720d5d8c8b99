import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { archiveClosedCase } from '#shared/documents/archive-closed-case.js';
import { logger } from '#shared/observability/logger.js';

// CaseClosed as the case bus delivers it: the closed case goes to the legal archive.
const caseClosed = z.object({
  source: z.literal('dossier.cases'),
  'detail-type': z.literal('CaseClosed'),
  detail: z.object({ caseId: z.string().min(1) }),
});

// A thrown error makes EventBridge retry the event, then park it in the dead-letter queue.
export const handler = middy(async (event: unknown) => {
  const { detail } = caseClosed.parse(event);
  logger.appendKeys({ caseId: detail.caseId });
  const outcome = await archiveClosedCase(detail.caseId);
  logger.info('closed case archived', { outcome });
  return { outcome };
}).use(injectLambdaContext(logger, { resetKeys: true }));
