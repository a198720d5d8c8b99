import { GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { withBackoff } from '../aws/backoff.js';
import { sqsClient } from '../aws/clients.js';
import { config } from '../config.js';

// The message says which case to start and nothing else: the starter reads the case itself, so
// a message never carries personal data and a stale one can never start the wrong thing.
export const caseStartMessage = z.strictObject({ caseId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id') });
export type CaseStartMessage = z.infer<typeof caseStartMessage>;

export function caseStartQueueUrl(): string {
  const url = config().CASE_START_QUEUE_URL;
  if (!url) throw new Error('CASE_START_QUEUE_URL is not configured');
  return url;
}

/** Asks for the case's lifecycle to be started by the starter, at the rate it is allowed. */
export async function enqueueCaseStart(caseId: string): Promise<void> {
  const body: CaseStartMessage = { caseId };
  await withBackoff(() => sqsClient().send(new SendMessageCommand({ QueueUrl: caseStartQueueUrl(), MessageBody: JSON.stringify(body) })));
}

/** The same for many cases, ten to a request (SQS's batch limit); returns how many were sent. */
export async function enqueueCaseStarts(caseIds: readonly string[]): Promise<number> {
  let sent = 0;
  for (let i = 0; i < caseIds.length; i += 10) {
    const batch = caseIds.slice(i, i + 10);
    const result = await withBackoff(() =>
      sqsClient().send(
        new SendMessageBatchCommand({
          QueueUrl: caseStartQueueUrl(),
          Entries: batch.map((caseId, n) => ({ Id: String(n), MessageBody: JSON.stringify({ caseId } satisfies CaseStartMessage) })),
        }),
      ),
    );
    sent += result.Successful?.length ?? 0;
  }
  return sent;
}

export interface CaseStartBacklog {
  /** Waiting to be taken by the starter. */
  readonly waiting: number;
  /** Taken by the starter and not yet done (or failed, until their visibility timeout ends). */
  readonly inFlight: number;
}

/**
 * SQS's counts of the start queue (or of another, its dead-letter queue); throws when SQS does not
 * answer (the sweeper must then wait).
 */
export async function caseStartBacklog(options: { readonly queueUrl?: string; readonly abortSignal?: AbortSignal } = {}): Promise<CaseStartBacklog> {
  const { Attributes = {} } = await sqsClient().send(
    new GetQueueAttributesCommand({
      QueueUrl: options.queueUrl ?? caseStartQueueUrl(),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
    { abortSignal: options.abortSignal },
  );
  return {
    waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}
