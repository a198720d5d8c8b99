import * as z from 'zod';
import { authorize } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../aws/cursor.js';
import { nowIso } from '../clock.js';
import { notFound } from '../errors.js';
import { inboxCursorSchema, inboxIndexPk, inboxPage, markRead, type PortalNotification } from './notification-repository.js';

export const notificationListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
export type NotificationListQuery = z.output<typeof notificationListQuery>;

/** What the portal shows of a notification: the message as it was written, never who else got it. */
export interface InboxItem {
  readonly notificationId: string;
  readonly caseId: string;
  readonly template: string;
  readonly subject: string;
  readonly text: string;
  readonly link: string;
  readonly language: string;
  readonly createdAt: string;
  readonly readAt?: string;
}

function toInboxItem(n: PortalNotification): InboxItem {
  const { notificationId, caseId, template, subject, text, link, language, createdAt, readAt } = n;
  return { notificationId, caseId, template, subject, text, link, language, createdAt, ...(readAt ? { readAt } : {}) };
}

/** The caller's own in-portal notifications, newest first; nobody can list someone else's. */
export async function listMyNotifications(principal: Principal, query: NotificationListQuery): Promise<{ items: InboxItem[]; cursor?: string }> {
  authorize(principal, 'notification:list');
  const start = decodeCursor(query.cursor, inboxCursorSchema);
  // A cursor is only good for the list it came from.
  if (start && start.gsi1pk !== inboxIndexPk(principal.userId)) throw invalidCursor();
  const page = await inboxPage(principal.userId, query.limit, start);
  return { items: page.items.map(toInboxItem), ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}) };
}

/** Marks one of the caller's notifications read; someone else's is answered like an unknown one. */
export async function markNotificationRead(principal: Principal, notificationId: string): Promise<InboxItem> {
  authorize(principal, 'notification:read');
  const updated = await markRead(notificationId, principal.userId, nowIso());
  if (!updated) throw notFound('Notification');
  return toInboxItem(updated);
}
