import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '#shared/config.js';
import { getNotification, notificationId } from '#shared/notifications/notification-repository.js';
import { notifyForEvent } from '#shared/notifications/notify-event.js';
import { runUseCasesInProcess } from './support/in-process.js';
import { declaredCase } from './support/lifecycle.js';

// E-mail through SES, with the one thing the local stack cannot do on demand, a failing SES,
// replaced by a mock; the table is the real one (DynamoDB Local of the shared stack), and the
// use case runs here, in the test's process, configured as in AWS (a sender, no local outbox).
const ses = mockClient(SESv2Client);
runUseCasesInProcess({ EMAIL_FROM: 'no-reply@dossier.example', LOCAL_OUTBOX: 'false' });

let caseId: string;
let email: string;

beforeAll(async () => {
  email = `ana.${ulid().toLowerCase()}@example.org`;
  caseId = await declaredCase({ preferredLanguage: 'en', claimant: { firstName: 'Ana', lastName: 'Silva', birthDate: '1980-01-01', email } });
}, 60_000);

beforeEach(() => ses.reset());

const emailId = (dedupKey: string) => notificationId('DocumentsReminderDue', dedupKey, 'claimant', 'email');
const reminder = (dedupKey: string) => ({ caseId, caseType: 'occupational-disease', reminder: 1, missing: ['payslips'], dedupKey });

describe('e-mail delivery through SES', () => {
  it('keeps the e-mail pending when SES fails, sends it on the retry, and never again after', async () => {
    const dedupKey = `${caseId}#ses-failure`;
    ses.on(SendEmailCommand).rejectsOnce(Object.assign(new Error('Throttled'), { name: 'TooManyRequestsException' })).resolves({ MessageId: 'm-1' });

    await expect(notifyForEvent('DocumentsReminderDue', reminder(dedupKey))).rejects.toThrow('Throttled');
    expect(await getNotification(emailId(dedupKey))).toMatchObject({ deliveryStatus: 'pending', to: email });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);

    // The bus delivers the event again: the e-mail already written is sent now, nothing is written twice.
    expect(await notifyForEvent('DocumentsReminderDue', reminder(dedupKey))).toEqual({ template: 'documents-reminder', created: 0 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    const sent = ses.commandCalls(SendEmailCommand)[1]!.args[0].input;
    expect(sent.FromEmailAddress).toBe('no-reply@dossier.example');
    expect(sent.Destination?.ToAddresses).toEqual([email]);
    expect(sent.Content?.Simple?.Subject?.Data).toBe(`Reminder 1: documents missing for your case ${caseId}`);
    expect(sent.Content?.Simple?.Body?.Text?.Data).not.toMatch(/payslip/i);
    expect(await getNotification(emailId(dedupKey))).toMatchObject({ deliveryStatus: 'sent', sentAt: expect.any(String) });

    // A third delivery of the same event: nothing is sent.
    await notifyForEvent('DocumentsReminderDue', reminder(dedupKey));
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('sends once when two deliveries of the same event run at the same time', async () => {
    const dedupKey = `${caseId}#concurrent`;
    ses.on(SendEmailCommand).callsFake(async () => {
      await new Promise((r) => setTimeout(r, 200));
      return { MessageId: 'm-2' };
    });
    const outcomes = await Promise.allSettled([
      notifyForEvent('DocumentsReminderDue', reminder(dedupKey)),
      notifyForEvent('DocumentsReminderDue', reminder(dedupKey)),
    ]);
    // The loser either found it sent or was told to come back later (the bus retries it).
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect((outcome.reason as Error).name).toBe('EmailDeliveryInProgress');
    }
    await notifyForEvent('DocumentsReminderDue', reminder(dedupKey));
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(await getNotification(emailId(dedupKey))).toMatchObject({ deliveryStatus: 'sent' });
  });

  it('does not drop mail silently when no sender is configured: the event fails and is retried', async () => {
    delete process.env.EMAIL_FROM;
    resetConfigForTests();
    try {
      await expect(notifyForEvent('DocumentsReminderDue', reminder(`${caseId}#no-sender`))).rejects.toThrow('EMAIL_FROM');
      expect(await getNotification(emailId(`${caseId}#no-sender`))).toMatchObject({ deliveryStatus: 'pending' });
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    } finally {
      process.env.EMAIL_FROM = 'no-reply@dossier.example';
      resetConfigForTests();
    }
  });
});
