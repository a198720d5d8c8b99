import type { SQSClient } from '@aws-sdk/client-sqs';
import { metering } from './meter.js';

const SQS_CHUNK_BYTES = 64 * 1024;

/**
 * Adds a middleware counting each SQS API call as SQS bills it: one request per 64 KB of payload.
 * Installed only while a meter is on (shared/aws/clients.ts).
 */
export function addSqsRequestMetering(client: SQSClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const meter = metering();
      if (meter) {
        meter.add('sqs', 'requests', Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(args.input ?? {})) / SQS_CHUNK_BYTES)));
        meter.add('sqs', `${(context.commandName ?? '').replace(/Command$/, '')} requests`);
      }
      return next(args);
    },
    { step: 'initialize', name: 'dossierSqsRequestMetering', override: true },
  );
}
