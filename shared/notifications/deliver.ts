import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sesClient } from '../aws/clients.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { LinkedWriteRefused, recordChange } from '../cases/case-repository.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { metering } from '../metering/meter.js';
import {
  getNotification,
  holdEmail,
  markEmailSent,
  newNotificationWrite,
  notificationId,
  releaseEmail,
  type Channel,
  type EmailNotification,
  type NotificationRecord,
  type RecipientRole,
} from './notification-repository.js';
import { renderNotification, type NotificationParams, type TemplateId } from './render.js';

/** Someone to tell, and the ways to reach them. */
export interface Recipient {
  readonly role: RecipientRole;
  /** Stable identity of the recipient within the occurrence (`claimant`, `user#agent1`): part of the id. */
  readonly key: string;
  /** Their user id (the token's `sub`): they get an in-portal notification. */
  readonly userId?: string;
  /** Their address: they get an e-mail. */
  readonly email?: string;
  readonly language: string;
  /** An IANA zone: the deadlines in their messages are written in it (absent or unknown: the fund's). */
  readonly timeZone?: string;
}

export interface Delivery {
  readonly caseId: string;
  /** The event's detail-type. */
  readonly eventType: string;
  /** Unique per business occurrence (the event's dedupKey, or one derived from the case). */
  readonly occurrence: string;
  readonly template: TemplateId;
  readonly params: NotificationParams;
  readonly recipients: readonly Recipient[];
}

export class EmailDeliveryInProgress extends Error {
  constructor() {
    super('another delivery of this e-mail holds it');
    this.name = 'EmailDeliveryInProgress';
  }
}

// Longer than the function's timeout: a hold outlives the attempt that took it only if that
// attempt died, and then the next retry after it lapses takes over.
const HOLD_MS = 2 * 60 * 1000;

/**
 * Tells every recipient on every channel they have, once. Each notification is written with a
 * `notification.sent` history entry in one transaction, conditioned on the notification not
 * existing: a retried or duplicated event writes nothing. Returns how many were new.
 */
export async function deliver(delivery: Delivery): Promise<number> {
  let created = 0;
  for (const recipient of delivery.recipients) {
    const rendered = renderNotification(delivery.template, recipient.language, delivery.params, recipient.timeZone);
    const channels: Channel[] = [...(recipient.userId ? ['portal' as const] : []), ...(recipient.email ? ['email' as const] : [])];
    for (const channel of channels) {
      const at = now().toISOString();
      const id = notificationId(delivery.eventType, delivery.occurrence, recipient.key, channel);
      const common = {
        notificationId: id,
        caseId: delivery.caseId,
        template: delivery.template,
        recipientRole: recipient.role,
        language: rendered.language,
        subject: rendered.subject,
        text: rendered.text,
        link: rendered.link,
        createdAt: at,
      };
      const record: NotificationRecord =
        channel === 'portal'
          ? { ...common, channel, recipientId: recipient.userId! }
          : { ...common, channel, to: recipient.email!, deliveryStatus: 'pending', sendingUntil: new Date(now().getTime() + HOLD_MS).toISOString() };
      let isNew = true;
      try {
        await recordChange(
          delivery.caseId,
          // Roles, never addresses or names: the history is shown to the claimant too.
          { at, actor: SYSTEM_ACTOR, action: 'notification.sent', details: { template: delivery.template, channel, recipientRole: recipient.role } },
          { linkedWrites: [newNotificationWrite(record)] },
        );
        created++;
      } catch (error) {
        if (!(error instanceof LinkedWriteRefused)) throw error;
        isNew = false;
      }
      if (channel !== 'email') continue;
      if (isNew) await sendHeld(record as EmailNotification);
      else await resumePending(id);
    }
  }
  return created;
}

/**
 * An e-mail written by an earlier attempt that may not have gone out (SES failed, or the
 * function died): send it now, unless it was sent or another attempt is sending it right now.
 */
async function resumePending(id: string): Promise<void> {
  const stored = await getNotification(id);
  if (!stored || stored.channel !== 'email' || stored.deliveryStatus === 'sent') return;
  const held = stored.sendingUntil !== undefined && stored.sendingUntil > now().toISOString();
  // Failing makes the bus retry later, when the other attempt has finished or its hold lapsed.
  if (held) throw new EmailDeliveryInProgress();
  const until = new Date(now().getTime() + HOLD_MS).toISOString();
  if (!(await holdEmail(id, stored.sendingUntil, until))) throw new EmailDeliveryInProgress();
  await sendHeld(stored);
}

/**
 * Sends an e-mail this attempt holds, then marks it sent. A crash between SES accepting it and
 * the mark is the one window where a retry sends it a second time (at least once, not exactly
 * once: SES has no idempotency key to close it).
 */
async function sendHeld(email: EmailNotification): Promise<void> {
  const { EMAIL_FROM, LOCAL_OUTBOX } = config();
  // Locally the stored e-mail is the outbox: nothing leaves the machine.
  if (!LOCAL_OUTBOX) {
    try {
      if (!EMAIL_FROM) throw Object.assign(new Error('EMAIL_FROM is not configured'), { name: 'EmailNotConfigured' });
      await sesClient().send(
        new SendEmailCommand({
          FromEmailAddress: EMAIL_FROM,
          Destination: { ToAddresses: [email.to] },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    } catch (error) {
      // Not sent: the next delivery of the event may try at once.
      await releaseEmail(email.notificationId);
      throw error;
    }
  }
  // SES bills each e-mail sent; locally the outbox stands in for it, and the cost bench counts it.
  metering()?.add('ses', 'e-mails');
  await markEmailSent(email.notificationId, now().toISOString());
}
