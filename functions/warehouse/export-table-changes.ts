import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#shared/observability/logger.js';
import { exportChanges } from '#shared/warehouse/export-changes.js';

// Invoked with batches of the table's stream records (an event source mapping in AWS, the local
// stream reader on a laptop). A failure fails the whole batch: it comes again with the same
// records, which write the same files.
export const handler = middy(async (event: DynamoDBStreamEvent) => {
  const result = await exportChanges(event.Records);
  // Counts only: the rows may name people.
  logger.info('warehouse batch exported', { records: result.records, rows: result.rows, files: result.keys.length });
  return { records: result.records, files: result.keys.length };
}).use(injectLambdaContext(logger, { resetKeys: true }));
