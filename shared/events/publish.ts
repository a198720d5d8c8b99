import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventsClient } from '../aws/clients.js';
import { config } from '../config.js';

/** Domain events go to the case bus as `dossier.cases` events, with a schema version. */
export async function publishDomainEvent(detailType: string, detail: Record<string, unknown>): Promise<void> {
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
