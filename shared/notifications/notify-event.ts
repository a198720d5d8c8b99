import * as z from 'zod';
import { contactOf, usersInRole } from '../auth/directory.js';
import { findCaseType } from '../case-types/index.js';
import type { CaseRecord } from '../cases/case-record.js';
import { getCase } from '../cases/case-repository.js';
import { caseId } from '../http/path-params.js';
import { logger } from '../observability/logger.js';
import { deliver, type Recipient } from './deliver.js';
import type { NotificationParams, TemplateId } from './render.js';

/** The domain events that tell someone something. */
export const NOTIFYING_EVENTS = ['DeadlineApproaching', 'DeadlineBreached', 'DocumentsReminderDue', 'CaseDecided', 'CaseClosed', 'TaskUnassignable'] as const;
export type NotifyingEvent = (typeof NOTIFYING_EVENTS)[number];

// Details as events/schemas/ describes them; only what a notification needs is read, and
// fields added later do not break the consumer.
const deadline = z.object({
  caseId,
  subject: z.enum(['task', 'case']),
  taskKind: z.string().optional(),
  assignee: z.string().optional(),
  dueAt: z.string(),
  dedupKey: z.string().min(1),
});
const documentsReminder = z.object({ caseId, reminder: z.number().int().min(1), outcome: z.literal('suspended').optional(), dedupKey: z.string().min(1) });
const caseDecided = z.object({ caseId, decision: z.string().min(1) });
const caseClosed = z.object({ caseId, reason: z.string().optional() });
const taskUnassignable = z.object({ caseId, taskId: z.string().min(1), kind: z.string().optional() });

export interface NotifyOutcome {
  readonly template?: TemplateId;
  /** Notifications written by this delivery (0 when a retry found them all done). */
  readonly created: number;
}

/** Turns one domain event into the notifications it calls for, each sent once whatever the retries. */
export async function notifyForEvent(eventType: NotifyingEvent, detail: unknown): Promise<NotifyOutcome> {
  switch (eventType) {
    case 'DeadlineApproaching': {
      const event = deadline.parse(detail);
      // The person working on it is warned; an unassigned task's queue learns it from its in-basket.
      if (!event.assignee) return { created: 0 };
      return notify(event.caseId, eventType, event.dedupKey, 'deadline-approaching', async (record) => ({
        params: { caseId: record.caseId, dueAt: event.dueAt, ...taskTitleOf(record, event.taskKind) },
        recipients: await staff([event.assignee!], 'assignee'),
      }));
    }
    case 'DeadlineBreached': {
      const event = deadline.parse(detail);
      return notify(event.caseId, eventType, event.dedupKey, 'deadline-breached', async (record) => ({
        params: { caseId: record.caseId, dueAt: event.dueAt, ...taskTitleOf(record, event.taskKind) },
        recipients: await staff(await usersInRole('supervisor'), 'supervisor'),
      }));
    }
    case 'DocumentsReminderDue': {
      const event = documentsReminder.parse(detail);
      // After the last reminder, a case type whose rule suspends the case says so instead.
      return notify(event.caseId, eventType, event.dedupKey, event.outcome === 'suspended' ? 'documents-suspended' : 'documents-reminder', async (record) => ({
        params: { caseId: record.caseId, reminder: event.reminder },
        recipients: claimantOf(record),
      }));
    }
    case 'CaseDecided': {
      const event = caseDecided.parse(detail);
      // The event has no key of its own: the decision's time on the case tells a decision taken
      // again after a re-opening from a retry of the same one.
      // The lifecycle's own NotifyClaimant step writes the in-portal notice (shared/workflows/
      // conclude-case.ts): the event adds the e-mail.
      return notify(event.caseId, eventType, (record) => `${record.caseId}#${stamp(record, 'decidedAt')}#${event.decision}`, 'case-decided', async (record) => ({
        params: { caseId: record.caseId },
        recipients: claimantOf(record).map(({ userId: _portal, ...byEmail }) => byEmail),
      }));
    }
    case 'TaskUnassignable': {
      const event = taskUnassignable.parse(detail);
      // The supervisors place it by hand (board or reassignment); each task alerts them once.
      return notify(event.caseId, eventType, `${event.taskId}#unassignable`, 'task-unassignable', async (record) => ({
        params: { caseId: record.caseId, ...taskTitleOf(record, event.kind) },
        recipients: await staff(await usersInRole('supervisor'), 'supervisor'),
      }));
    }
    case 'CaseClosed': {
      const event = caseClosed.parse(detail);
      if (event.reason !== 'documents-missing') return { created: 0 };
      return notify(event.caseId, eventType, (record) => `${record.caseId}#${stamp(record, 'closedAt')}#${event.reason}`, 'case-closed-documents-missing', async (record) => ({
        params: { caseId: record.caseId },
        recipients: claimantOf(record),
      }));
    }
  }
}

async function notify(
  caseIdValue: string,
  eventType: NotifyingEvent,
  occurrence: string | ((record: CaseRecord) => string),
  template: TemplateId,
  plan: (record: CaseRecord) => Promise<{ params: NotificationParams; recipients: readonly Recipient[] }>,
): Promise<NotifyOutcome> {
  const record = await getCase(caseIdValue);
  if (!record) {
    // Retrying will not make the case appear: say so and let the event go.
    logger.warn('notification for an unknown case dropped', { caseId: caseIdValue, eventType });
    return { template, created: 0 };
  }
  const { params, recipients } = await plan(record);
  const created = await deliver({
    caseId: record.caseId,
    eventType,
    occurrence: typeof occurrence === 'string' ? occurrence : occurrence(record),
    template,
    params,
    recipients,
  });
  return { template, created };
}

function stamp(record: CaseRecord, field: 'decidedAt' | 'closedAt'): string {
  const value = (record as unknown as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

/** The claimant: in the portal when they have an account, by e-mail when the case data gives one. */
function claimantOf(record: CaseRecord): Recipient[] {
  const contact = findCaseType(record.type)?.claimantContact?.(record.data as never);
  if (!record.ownerId && !contact?.email) return [];
  return [{ role: 'claimant', key: 'claimant', userId: record.ownerId, email: contact?.email, language: contact?.language ?? 'en' }];
}

async function staff(usernames: readonly string[], role: 'assignee' | 'supervisor'): Promise<Recipient[]> {
  const recipients: Recipient[] = [];
  for (const username of usernames) {
    const contact = await contactOf(username);
    // Someone who left the directory is no longer told anything.
    if (contact) recipients.push({ role, key: `user#${username}`, userId: contact.userId, email: contact.email, language: contact.language, timeZone: contact.timeZone });
  }
  return recipients;
}

function taskTitleOf(record: CaseRecord, taskKind: string | undefined): Pick<NotificationParams, 'taskTitle'> {
  if (!taskKind) return {};
  const kind = findCaseType(record.type)?.taskKinds.find((k) => k.kind === taskKind);
  return kind ? { taskTitle: kind.title } : {};
}
