import { metering } from '#shared/metering/meter.js';

/**
 * Counts one SQS request made by the event source mapping (the poller) for the cost bench. The
 * handlers' own SQS calls are counted on their client (shared/metering/request-count.ts). The
 * local queue keeps its messages in DynamoDB Local with a client of its own, so none of that
 * storage traffic counts as DynamoDB: in AWS it is SQS.
 */
export function meterEventSourceRequest(queue: string, operation: 'ReceiveMessage' | 'DeleteMessageBatch'): void {
  const meter = metering();
  if (!meter) return;
  meter.add('sqs', 'requests', 1, `event source mapping (${queue})`);
  meter.add('sqs', `${operation} requests`, 1, `event source mapping (${queue})`);
}
