import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { documentArrived } from '#shared/documents/document-arrival.js';
import { logger } from '#shared/observability/logger.js';

// S3 "Object Created" as EventBridge delivers it (and as the local bus does for s3rver's events).
const objectCreated = z.object({
  source: z.literal('aws.s3'),
  detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
});

export const handler = middy(async (event: unknown) => {
  const { detail } = objectCreated.parse(event);
  const outcome = await documentArrived(detail.bucket.name, detail.object.key);
  logger.info('object processed', { outcome });
  return { outcome };
}).use(injectLambdaContext(logger, { resetKeys: true }));
