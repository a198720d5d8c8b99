import * as z from 'zod';
import { advanceClock, nowIso } from '#shared/clock.js';
import { approximateMs, parseIsoDuration } from '#shared/time/iso-duration.js';
import type { LocalRoute } from './gateway.js';
import type { LocalAuth } from './local-auth.js';
import type { OutboxEntry } from './outbox.js';
import type { LocalQueue } from './queues/local-queue.js';
import type { QueuePoller } from './queues/queue-poller.js';

const loginBody = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) });
const clockBody = z.strictObject({ advance: z.string().min(2).max(40) });
const caseStartsBody = z.strictObject({ paused: z.boolean() });

const invalid = (field: string, message: string) => ({
  status: 400,
  body: { error: { code: 'bad_request', message: `Invalid body: ${field}`, fields: [{ field, message }] } },
});

/** Routes that exist only in the local runtime; the CDK stack has no trace of them. */
export function localRoutes(
  auth: LocalAuth,
  afterClockMove: () => Promise<void>,
  publishedEvents: () => readonly unknown[],
  outbox: () => Promise<readonly OutboxEntry[]>,
  caseStarts?: { readonly queue: LocalQueue; readonly poller: QueuePoller },
): Record<string, LocalRoute> {
  return {
    // The start queue's backlog (what CloudWatch shows in AWS), and pausing the starter to watch
    // a surge build up and drain.
    ...(caseStarts
      ? {
          'GET /api/_local/case-starts': async () => {
            const [queue, deadLetters] = await Promise.all([caseStarts.queue.attributes(), caseStarts.queue.deadLetterAttributes()]);
            return { status: 200, body: { ...queue, deadLetters: deadLetters.visible, paused: caseStarts.poller.isPaused, started: caseStarts.poller.delivered } };
          },
          'POST /api/_local/case-starts': async ({ body }) => {
            const parsed = caseStartsBody.safeParse(body);
            if (!parsed.success) return invalid('paused', 'true or false is required');
            caseStarts.poller.setPaused(parsed.data.paused);
            return { status: 200, body: { paused: parsed.data.paused } };
          },
        }
      : {}),
    // The e-mails the system "sent": locally they stay in the table instead of going to SES.
    'GET /api/_local/outbox': async () => ({ status: 200, body: { items: await outbox() } }),
    // What the local bus carried, for contract tests and for watching the system work.
    'GET /api/_local/events': async () => ({ status: 200, body: { items: publishedEvents() } }),
    'POST /api/auth/login': async ({ body }) => {
      const parsed = loginBody.safeParse(body);
      if (!parsed.success) return invalid(parsed.error.issues[0]?.path.join('.') || 'body', parsed.error.issues[0]?.message ?? 'invalid');
      const token = await auth.login(parsed.data.username, parsed.data.password);
      if (!token) return { status: 401, body: { error: { code: 'unauthorized', message: 'Unknown user or wrong password' } } };
      return { status: 200, body: { token } };
    },
    'POST /api/_local/clock': async ({ body }) => {
      const parsed = clockBody.safeParse(body);
      if (!parsed.success) return invalid('advance', 'an ISO 8601 duration such as P3D is required');
      const duration = parseIsoDuration(parsed.data.advance);
      const ms = duration ? approximateMs(duration) : 0;
      if (!(ms > 0)) return invalid('advance', 'must be a positive ISO 8601 duration such as P3D or PT2H');
      advanceClock(ms);
      await afterClockMove();
      return { status: 200, body: { now: nowIso() } };
    },
  };
}
