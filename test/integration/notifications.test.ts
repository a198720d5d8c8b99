import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, as, countItems, eventually, request } from './support/api.js';
import { deadlineDetail, putDomainEvent } from './support/events.js';
import { declaredCase } from './support/lifecycle.js';

// Domain events go through the real path: the EventBridge API of the local emulator, the bus
// rule of the notification consumer, DynamoDB Local. What people would see is checked: the
// e-mails in the local outbox, each person's in-portal list, the case history.
interface OutboxEntry {
  to: string;
  language: string;
  subject: string;
  text: string;
  caseId: string;
  template: string;
  status: string;
  sentAt?: string;
}

const outbox = async (): Promise<OutboxEntry[]> => (await request('GET', '/api/_local/outbox')).body.items;
const inboxOf = async (user: string) => (await (await as(user)).get('/api/notifications?limit=100')).body.items as any[];

/** Waits until `count` e-mails match, then until nothing else is being written, and returns them all. */
async function settledEmails(match: (e: OutboxEntry) => boolean, count = 1): Promise<OutboxEntry[]> {
  await eventually(async () => ((await outbox()).filter(match).length >= count ? true : undefined));
  // A duplicate delivery still under way would write now: wait for the table to be quiet.
  await countItems();
  return (await outbox()).filter(match);
}

let caseId: string;
let email: string;

beforeAll(async () => {
  email = `camille.${ulid().toLowerCase()}@example.org`;
  caseId = await declaredCase({
    preferredLanguage: 'fr',
    claimant: { firstName: 'Camille', lastName: 'Lefèvre', birthDate: '1980-02-14', email },
  });
}, 60_000);

describe('notifications', () => {
  it('e-mails the claimant once, in French, even when the same reminder is put twice', async () => {
    const reminder = { caseId, caseType: 'occupational-disease', reminder: 1, missing: ['medical-certificate'], dedupKey: `${caseId}#documents#1` };
    await Promise.all([putDomainEvent('DocumentsReminderDue', reminder), putDomainEvent('DocumentsReminderDue', reminder)]);
    await putDomainEvent('DocumentsReminderDue', reminder);

    const emails = await settledEmails((e) => e.to === email && e.template === 'documents-reminder');
    expect(emails).toHaveLength(1);
    const [sent] = emails;
    expect(sent).toMatchObject({ caseId, language: 'fr', status: 'sent', subject: `Relance n° 1 : pièces manquantes pour votre dossier ${caseId}` });
    expect(sent!.text).toContain(`${apiUrl()}/cases/${caseId}`);
    // The categories asked for are not in the message: the portal lists them.
    expect(sent!.text).not.toMatch(/medical-certificate|certificat/i);
  });

  it("lists the in-portal notification for the claimant, and not for another claimant", async () => {
    const mine = await eventually(async () => {
      const items = (await inboxOf('claimant1')).filter((n) => n.caseId === caseId && n.template === 'documents-reminder');
      return items.length ? items : undefined;
    });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ language: 'fr', link: `${apiUrl()}/cases/${caseId}` });
    expect((await inboxOf('claimant2')).some((n) => n.caseId === caseId)).toBe(false);

    // Reading it: its recipient may, someone else is told it does not exist.
    expect((await (await as('claimant2')).post(`/api/notifications/${mine[0].notificationId}/read`)).status).toBe(404);
    const read = await (await as('claimant1')).post(`/api/notifications/${mine[0].notificationId}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await (await as('claimant1')).post(`/api/notifications/${mine[0].notificationId}/read`);
    expect(again.body.readAt).toBe(read.body.readAt);
  });

  it('lists newest first, a page at a time', async () => {
    await putDomainEvent('DocumentsReminderDue', { caseId, caseType: 'occupational-disease', reminder: 2, missing: [], dedupKey: `${caseId}#documents#2` });
    await eventually(async () => ((await inboxOf('claimant1')).some((n) => n.caseId === caseId && n.subject.includes('n° 2')) ? true : undefined));
    const client = await as('claimant1');
    const first = await client.get('/api/notifications?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].subject).toContain('n° 2');
    const second = await client.get(`/api/notifications?limit=1&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(second.body.items[0].createdAt <= first.body.items[0].createdAt).toBe(true);
    expect(second.body.items[0].notificationId).not.toBe(first.body.items[0].notificationId);
    // Someone else's cursor is refused, not followed.
    expect((await (await as('claimant2')).get(`/api/notifications?cursor=${encodeURIComponent(first.body.cursor)}`)).status).toBe(400);
  });

  it('alerts every supervisor once of a breached deadline, in their language', async () => {
    const breach = { ...deadlineDetail(caseId, { assignee: 'agent1' }), escalation: { priorityRaised: true, returnedToQueue: false } };
    await putDomainEvent('DeadlineBreached', breach);
    await putDomainEvent('DeadlineBreached', breach);

    const emails = await settledEmails((e) => e.to === 'supervisor1@dossier.example' && e.caseId === caseId && e.template === 'deadline-breached');
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ language: 'en', subject: `Deadline missed: case ${caseId}` });
    expect(emails[0]!.text).toContain('"Qualify the declaration"');
    // Due at 16:30 UTC: the supervisor works in London, so their message says 4:30 PM GMT, not Paris's 5:30.
    expect(emails[0]!.text).toContain('due on March 2, 2026 at 4:30 PM GMT');
    const alerts = (await inboxOf('supervisor1')).filter((n) => n.caseId === caseId && n.template === 'deadline-breached');
    expect(alerts).toHaveLength(1);
    // Nobody else hears of it: not the assignee, not the claimant.
    expect((await inboxOf('agent1')).some((n) => n.caseId === caseId && n.template === 'deadline-breached')).toBe(false);
    expect((await outbox()).some((e) => e.to === email && e.template === 'deadline-breached')).toBe(false);
  });

  it("warns the task's assignee of an approaching deadline, and nobody when the task has none", async () => {
    await putDomainEvent('DeadlineApproaching', deadlineDetail(caseId, { assignee: 'agent1' }));
    const [warning] = await settledEmails((e) => e.to === 'agent1@dossier.example' && e.caseId === caseId && e.template === 'deadline-approaching');
    expect(warning).toMatchObject({ language: 'fr', subject: `Échéance proche : dossier ${caseId}` });
    // agent1's directory entry has no zone: the fund's, named.
    expect(warning!.text).toContain('2 mars 2026 à 17:30 UTC+1');

    const before = (await outbox()).filter((e) => e.caseId === caseId).length;
    await putDomainEvent('DeadlineApproaching', deadlineDetail(caseId));
    await countItems();
    expect((await outbox()).filter((e) => e.caseId === caseId)).toHaveLength(before);
  });

  it('tells the claimant a decision is available without saying which, and a case closed for missing documents', async () => {
    await putDomainEvent('CaseDecided', { caseId, decision: 'recognised' });
    const [decided] = await settledEmails((e) => e.to === email && e.template === 'case-decided');
    expect(decided!.subject).toBe(`Une décision est disponible pour votre dossier ${caseId}`);
    expect(`${decided!.subject} ${decided!.text}`).not.toMatch(/recogni|reconnu/i);

    await putDomainEvent('CaseClosed', { caseId, reason: 'withdrawn' });
    await putDomainEvent('CaseClosed', { caseId });
    await putDomainEvent('CaseClosed', { caseId, reason: 'documents-missing' });
    const closed = await settledEmails((e) => e.to === email && e.template.startsWith('case-closed'));
    expect(closed).toHaveLength(1);
    expect(closed[0]!.template).toBe('case-closed-documents-missing');
  });

  it('records every notification in the case history, by role and channel, never an address', async () => {
    const history = await (await as('supervisor1')).get(`/api/cases/${caseId}/history`);
    expect(history.body.verified).toBe(true);
    const sent = history.body.entries.filter((e: { action: string }) => e.action === 'notification.sent');
    const summary = sent.map((e: any) => `${e.details.template}/${e.details.channel}/${e.details.recipientRole}`);
    // One per recipient and channel, whatever the duplicates.
    expect(summary.filter((s: string) => s === 'documents-reminder/email/claimant')).toHaveLength(2);
    expect(summary.filter((s: string) => s === 'documents-reminder/portal/claimant')).toHaveLength(2);
    expect(summary.filter((s: string) => s === 'deadline-breached/email/supervisor')).toHaveLength(1);
    expect(summary.filter((s: string) => s === 'deadline-breached/portal/supervisor')).toHaveLength(1);
    expect(summary).toContain('case-decided/email/claimant');
    expect(JSON.stringify(sent)).not.toContain('@');
  });
});
