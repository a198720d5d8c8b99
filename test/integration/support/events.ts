import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ulid } from 'ulid';
import { inject } from 'vitest';

let client: EventBridgeClient | undefined;

/** Puts a domain event on the local bus the way publishers do: through the EventBridge API. */
export async function putDomainEvent(detailType: string, detail: Record<string, unknown>): Promise<void> {
  client ??= new EventBridgeClient({
    endpoint: inject('awsEndpoint'),
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const result = await client.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: 'dossier', Source: 'dossier.cases', DetailType: detailType, Detail: JSON.stringify({ schemaVersion: '1', ...detail }) }],
    }),
  );
  if (result.FailedEntryCount) throw new Error(`${detailType} not accepted`);
}

/** A deadline event as the SLA checker publishes it, valid against its schema. */
export function deadlineDetail(caseId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseId,
    caseType: 'occupational-disease',
    clockId: `clock-${ulid()}`,
    subject: 'task',
    taskId: `T${ulid().slice(0, 25)}`,
    taskKind: 'qualification',
    queue: 'agent',
    dueAt: '2026-03-02T16:30:00.000Z',
    dedupKey: `deadline-${ulid()}`,
    ...overrides,
  };
}
