import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventsClient } from '../aws/clients.js';
import { config } from '../config.js';
import { logger } from '../observability/logger.js';

export type DomainEventType =
  | 'CaseCreated'
  | 'CaseDecided'
  | 'CaseClosed'
  | 'TaskCreated'
  | 'TaskAssigned'
  | 'TaskUnassignable'
  | 'TaskCompleted'
  | 'DocumentReceived'
  | 'DocumentReviewed'
  | 'DeadlineApproaching'
  | 'DeadlineBreached'
  | 'DocumentsReminderDue'
  | 'PaymentRequested';

/**
 * Domain events go to the case bus as `dossier.cases` events, each with a versioned schema in
 * events/schemas/. They are published after the change they announce is stored; a failure to
 * publish is logged and does not undo or fail that change (the table's stream is the durable
 * record; a stream-fed outbox is the way to guarantee delivery).
 */
export async function publishDomainEvent(detailType: DomainEventType, detail: Record<string, unknown>): Promise<void> {
  try {
    await send(detailType, detail);
  } catch (error) {
    logger.error('domain event not published', { detailType, errorName: (error as Error).name });
  }
}

/**
 * For steps that must not go unannounced (a reminder, an escalation): the error reaches the
 * caller, which then leaves the step undone, to be taken again. Such events carry a `dedupKey`
 * so that their consumers act once even when a retried step publishes twice.
 */
export async function publishDomainEventOrFail(detailType: DomainEventType, detail: Record<string, unknown>): Promise<void> {
  await send(detailType, detail);
}

async function send(detailType: DomainEventType, detail: Record<string, unknown>): Promise<void> {
  const result = await eventsClient().send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: config().EVENT_BUS_NAME,
          Source: 'dossier.cases',
          DetailType: detailType,
          Detail: JSON.stringify({ schemaVersion: '1', ...detail }),
        },
      ],
    }),
  );
  if (result.FailedEntryCount) throw Object.assign(new Error(`event ${detailType} not accepted`), { name: 'EventNotPublished' });
}
