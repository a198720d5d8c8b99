import { findCaseType } from '../case-types/index.js';
import type { CaseRecord } from '../cases/case-record.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { newNotificationWrite, notificationId } from './notification-repository.js';
import { renderNotification, type TemplateId } from './render.js';

/**
 * An in-portal notification to the case's claimant, written in the same transaction as the
 * history entry that explains it (a document refused, a decision announced by the lifecycle).
 * It lands in the claimant's list (GET /api/notifications) like those the event consumer writes,
 * under the id the consumer would give the same occurrence: whichever writes first, the claimant
 * reads it once. A repeated step writes nothing (the condition fails).
 */
export function claimantNotice(
  record: CaseRecord,
  occurrence: { readonly eventType: string; readonly key: string },
  template: TemplateId,
  at: string,
): LinkedWrite | undefined {
  if (!record.ownerId) return undefined;
  const contact = findCaseType(record.type)?.claimantContact?.(record.data as never);
  const rendered = renderNotification(template, contact?.language, { caseId: record.caseId });
  return newNotificationWrite({
    notificationId: notificationId(occurrence.eventType, occurrence.key, 'claimant', 'portal'),
    caseId: record.caseId,
    template,
    recipientRole: 'claimant',
    language: rendered.language,
    subject: rendered.subject,
    text: rendered.text,
    link: rendered.link,
    createdAt: at,
    channel: 'portal',
    recipientId: record.ownerId,
  });
}
