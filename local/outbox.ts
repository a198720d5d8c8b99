import { emailPage } from '#shared/notifications/notification-repository.js';

/** An e-mail as the local outbox shows it. */
export interface OutboxEntry {
  readonly to: string;
  readonly language: string;
  readonly subject: string;
  readonly text: string;
  readonly caseId: string;
  readonly template: string;
  readonly status: 'pending' | 'sent';
  readonly sentAt?: string;
  readonly createdAt: string;
}

// Enough for watching a demo or a test run; the table keeps every one.
const OUTBOX_LIMIT = 500;

/** The newest e-mails the system wrote, newest first (no SES locally: they stop here). */
export async function localOutbox(): Promise<readonly OutboxEntry[]> {
  const { items } = await emailPage(OUTBOX_LIMIT);
  return items.map((e) => ({
    to: e.to,
    language: e.language,
    subject: e.subject,
    text: e.text,
    caseId: e.caseId,
    template: e.template,
    status: e.deliveryStatus,
    ...(e.sentAt ? { sentAt: e.sentAt } : {}),
    createdAt: e.createdAt,
  }));
}
