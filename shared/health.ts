import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, s3Client } from './aws/clients.js';
import { config } from './config.js';
import { logger } from './observability/logger.js';

const TIMEOUT_MS = 2000;

/** Asks each dependency a cheap question; answers with the names of those that did not reply. */
export async function checkHealth(): Promise<{ healthy: boolean; dependencies: string[] }> {
  const { TABLE_NAME, DOCUMENTS_BUCKET } = config();
  const checks: Record<string, () => Promise<unknown>> = {
    table: () => dynamo().send(new GetCommand({ TableName: TABLE_NAME, Key: { pk: 'HEALTH', sk: 'HEALTH' } })),
    ...(DOCUMENTS_BUCKET ? { documents: () => s3Client().send(new HeadBucketCommand({ Bucket: DOCUMENTS_BUCKET })) } : {}),
  };
  const failing: string[] = [];
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref()),
        ]);
      } catch (error) {
        logger.warn('dependency not answering', { dependency: name, errorName: (error as Error).name });
        failing.push(name);
      }
    }),
  );
  return { healthy: failing.length === 0, dependencies: failing };
}
