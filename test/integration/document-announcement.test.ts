import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { documentArrived } from '#shared/documents/document-arrival.js';
import { as } from './support/api.js';
import { pdfBytes, uploadDocument } from './support/documents.js';
import { runUseCasesInProcess } from './support/in-process.js';
import { declaredCase } from './support/lifecycle.js';

// A received document moves its case on through DocumentReceived (the documents-changed function
// consumes it). The one thing the local stack cannot do on demand, a bus that refuses events, is a
// mock; the table and the bucket are the shared stack's, and the use case runs in this process, as
// a run of document-arrived delivered the same upload event again would.
const bus = mockClient(EventBridgeClient);
runUseCasesInProcess();
afterAll(() => bus.restore());

const announced = (documentId: string) =>
  bus
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .filter((e) => e.DetailType === 'DocumentReceived' && JSON.parse(e.Detail ?? '{}').documentId === documentId).length;

describe('a received document', () => {
  it('is announced again when its upload event comes again, and a refused announcement fails the run so the event is retried', async () => {
    const caseId = await declaredCase();
    const uploaded = await uploadDocument('claimant1', caseId, 'identity-document', pdfBytes('announced'));
    const key = `cases/${caseId}/declaration/${uploaded.documentId}`;
    const supervisor = await as('supervisor1');
    const entries = (await supervisor.get(`/api/cases/${caseId}/history`)).body.entries.length;

    // The run that recorded it stopped before its announcement (here: the bus refuses it): the run
    // fails instead of returning as if all were done, so EventBridge delivers the upload again.
    bus.on(PutEventsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(documentArrived('dossier-documents', key)).rejects.toThrow();

    bus.reset();
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    expect(await documentArrived('dossier-documents', key)).toBe('received');
    expect(announced(uploaded.documentId)).toBe(1);
    // Recorded once: the history holds no second entry for it.
    expect((await supervisor.get(`/api/cases/${caseId}/history`)).body.entries).toHaveLength(entries);
  });
});
