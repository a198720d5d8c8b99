import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessCalendar } from '#shared/sla/business-calendar.js';
import { as, eventually, request } from './support/api.js';
import { uploadDocument, pdfBytes } from './support/documents.js';
import { contractViolations, domainEvents } from './support/event-schemas.js';
import { actions, declaredCase, openTask, work } from './support/lifecycle.js';

// These tests move the runtime's clock (it only goes forward) and watch the deadline checker act
// as days pass. Each starts on a Monday 09:00 in Paris that is followed by five weeks without a
// public holiday, so the only days that do not count are weekends.
const ZONE = 'Europe/Paris';

async function serverNow(): Promise<DateTime> {
  const probe = await request('POST', '/api/_local/clock', { body: { advance: 'PT1S' } });
  expect(probe.status).toBe(200);
  return DateTime.fromISO(probe.body.now as string, { zone: ZONE });
}

async function advance(duration: string): Promise<void> {
  const moved = await request('POST', '/api/_local/clock', { body: { advance: duration } });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
}

async function moveTo(target: DateTime): Promise<void> {
  const seconds = Math.ceil(target.diff(await serverNow()).as('seconds'));
  if (seconds > 0) await advance(`PT${seconds}S`);
}

/** Moves the runtime to the next Monday 09:00 (Paris) with five holiday-free weeks ahead. */
async function startOnQuietMonday(): Promise<DateTime> {
  const calendar = businessCalendar('FR');
  let monday = (await serverNow()).startOf('week').plus({ weeks: 1, hours: 9 });
  const quiet = (from: DateTime) =>
    Array.from({ length: 35 }, (_, i) => from.plus({ days: i })).every((d) => d.weekday > 5 || calendar.isBusinessDay(d.toISODate()!));
  while (!quiet(monday)) monday = monday.plus({ weeks: 1 });
  await moveTo(monday);
  return monday;
}

const events = async (type: string, caseId: string) =>
  ((await request('GET', '/api/_local/events')).body.items as { 'detail-type': string; detail: Record<string, unknown> }[]).filter(
    (e) => e['detail-type'] === type && e.detail.caseId === caseId,
  );

const outbox = async (caseId: string) =>
  ((await request('GET', '/api/_local/outbox')).body.items as { to: string; language: string; subject: string; text: string; caseId: string; template: string }[]).filter(
    (m) => m.caseId === caseId,
  );

const view = async (caseId: string) => (await (await as('agent1')).get(`/api/cases/${caseId}`)).body;

describe('reminders while the case waits on the claimant', () => {
  // Its first move of the clock is weeks ahead: the runtime's deadline checker then works through
  // the deadlines of every case earlier test files left open (hundreds in a full run), hence the time.
  it('reminds the claimant after 7 business days without the documents, a weekend in between not counting, with the case clock paused', { timeout: 120_000 }, async () => {
    await startOnQuietMonday();
    const caseId = await declaredCase();
    const qualification = await openTask(caseId, 'qualification');
    await work('agent1', qualification.taskId, 'request-documents', { categories: ['payslips'] });
    await openTask(caseId, 'document-collection');

    // The wait on the claimant starts: the case's clock is paused, the agent's task too.
    const waiting = await eventually(async () => {
      const body = await view(caseId);
      return body.deadlines.some((d: { subject: string }) => d.subject === 'claimant-wait') ? body : undefined;
    });
    expect(waiting.sla).toMatchObject({ paused: true, pausedReason: 'waiting-on-claimant', state: 'on-track' });
    expect(waiting.deadlines.find((d: { subject: string }) => d.subject === 'task').clock).toMatchObject({ paused: true });
    const created = (await (await as('supervisor1')).get(`/api/cases/${caseId}/history`)).body.entries.find(
      (e: { action: string; details: { kind?: string } }) => e.action === 'task.created' && e.details.kind === 'document-collection',
    );
    expect(created.details.clocksPaused).toMatchObject({ reason: 'waiting-on-claimant', missing: expect.arrayContaining(['payslips']) });

    // Saturday, then Monday: 7 calendar days but only 5 business days. No reminder yet.
    await advance('P5D');
    await advance('P2D');
    expect(await events('DocumentsReminderDue', caseId)).toEqual([]);
    expect(await actions(caseId)).not.toContain('claimant.reminded');

    // Wednesday, 09:00 past an hour: 7 business days. The first reminder goes, once.
    await advance('P2DT1H');
    const reminded = await eventually(async () => {
      const found = await events('DocumentsReminderDue', caseId);
      return found.length ? found : undefined;
    });
    expect(reminded.map((e) => e.detail.reminder)).toEqual([1]);
    expect(reminded[0]!.detail.missing).toEqual(expect.arrayContaining(['payslips', 'declaration-form']));
    await advance('PT2H');
    expect((await actions(caseId)).filter((a) => a === 'claimant.reminded')).toHaveLength(1);

    // The claimant, who speaks French, gets it by e-mail in French: a link, nothing medical.
    const mails = await eventually(async () => {
      const found = (await outbox(caseId)).filter((m) => m.template === 'documents-reminder');
      return found.length ? found : undefined;
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'camille@example.org', language: 'fr' });
    expect(mails[0]!.subject).toContain('Relance n° 1');
    expect(mails[0]!.text).toContain(`/cases/${caseId}`);
    expect(mails[0]!.text).not.toContain('Lombalgie');

    // Nine calendar days of waiting cost the case nothing: its clock did not run.
    const paused = await view(caseId);
    expect(paused.sla.elapsedBusinessDays).toBeLessThan(0.1);
    expect(paused.deadlines.find((d: { subject: string }) => d.subject === 'claimant-wait')).toMatchObject({ remindersSent: 1 });

    // Friday of the third week, 14 business days: the second reminder. Tuesday of the fifth, 21:
    // the rule's final step closes the case with a notice.
    await advance('P8D');
    expect((await outbox(caseId)).filter((m) => m.template === 'documents-reminder')).toHaveLength(1);
    await advance('P1D');
    await eventually(async () => ((await outbox(caseId)).some((m) => m.subject.includes('Relance n° 2')) ? true : undefined));
    await advance('P10D');
    expect(await actions(caseId)).not.toContain('claimant.wait-expired');
    await advance('P1D');
    const closed = await eventually(async () => {
      const body = await view(caseId);
      return body.status === 'closed' ? body : undefined;
    });
    expect(closed).toMatchObject({ decision: 'closed-incomplete', closeReason: 'documents-missing' });
    expect(await actions(caseId)).toEqual(expect.arrayContaining(['claimant.wait-expired', 'case.closed']));
    const notice = await eventually(async () => (await outbox(caseId)).find((m) => m.template === 'case-closed-documents-missing'));
    expect(notice).toMatchObject({ to: 'camille@example.org', language: 'fr' });
    expect((await outbox(caseId)).filter((m) => m.template === 'documents-reminder')).toHaveLength(2);
  });

  // Moves the clock weeks too (see above): on a fresh machine the files run in another order and
  // this may be the first big move.
  it('resumes the clocks when the claimant sends what was missing, and stops reminding', { timeout: 120_000 }, async () => {
    await startOnQuietMonday();
    const caseId = await declaredCase();
    const qualification = await openTask(caseId, 'qualification');
    await work('agent1', qualification.taskId, 'request-documents', { categories: ['payslips'] });
    await openTask(caseId, 'document-collection');
    await eventually(async () => ((await view(caseId)).sla?.paused ? true : undefined));
    await advance('P3D');

    // The claimant answers: every line of the checklist receives a file.
    for (const line of (await view(caseId)).checklist as { category: string; required: boolean }[]) {
      if (line.required) await uploadDocument('claimant1', caseId, line.category, pdfBytes(line.category));
    }
    const resumed = await eventually(async () => {
      const body = await view(caseId);
      return body.sla && !body.sla.paused ? body : undefined;
    });
    expect(resumed.deadlines.some((d: { subject: string }) => d.subject === 'claimant-wait')).toBe(false);
    expect(resumed.deadlines.find((d: { subject: string }) => d.subject === 'task').clock).toMatchObject({ paused: false });
    expect(await actions(caseId)).toContain('sla.resumed');

    // From now on the clock runs: one more business day is one more day spent.
    const before = resumed.sla.elapsedBusinessDays as number;
    await advance('P1D');
    const after = (await view(caseId)).sla.elapsedBusinessDays as number;
    expect(after - before).toBeGreaterThan(0.9);
    // And no reminder ever comes for a wait that ended.
    await advance('P10D');
    expect(await events('DocumentsReminderDue', caseId)).toEqual([]);
  });
});

describe("the expert's response deadline", () => {
  // Moves the clock three weeks ahead: same reason for the longer timeout as the reminders above.
  it('goes at risk, then breaches after 10 business days; the supervisor is alerted once and the priority raised', { timeout: 120_000 }, async () => {
    const monday = await startOnQuietMonday();
    const caseId = await declaredCase();
    const qualification = await openTask(caseId, 'qualification');
    await work('agent1', qualification.taskId, 'accept', { severity: 'high' });
    const review = await openTask(caseId, 'medical-review');
    const expert = await as('expert1');
    expect((await expert.post(`/api/tasks/${review.taskId}/claim`)).status).toBe(200);
    const row = async () => (await expert.get('/api/tasks?view=mine&limit=100')).body.items.find((t: { taskId: string }) => t.taskId === review.taskId);

    // 10 business days from Monday 09:00 end on the Monday two weeks later, 09:00.
    const dueAt = DateTime.fromISO((await row()).dueAt, { zone: ZONE });
    expect(Math.abs(dueAt.diff(monday.plus({ weeks: 2 })).as('minutes'))).toBeLessThan(1);
    expect(await row()).toMatchObject({ sla: 'on-track', priority: 'normal' });

    // Next Monday: 5 of 10 business days, still on track.
    await moveTo(monday.plus({ weeks: 1 }).plus({ minutes: 5 }));
    expect((await row()).sla).toBe('on-track');

    // Wednesday 22:00: past three quarters. At risk, the expert warned.
    await moveTo(monday.plus({ weeks: 1, days: 2, hours: 13 }));
    expect((await row()).sla).toBe('at-risk');
    expect(await events('DeadlineApproaching', caseId)).toHaveLength(1);
    expect(await actions(caseId)).toContain('sla.at-risk');

    // Saturday night: twelve calendar days, but only 9.6 business days. Not breached.
    await moveTo(monday.plus({ weeks: 1, days: 5, hours: 13 }));
    expect((await row()).sla).toBe('at-risk');
    expect(await events('DeadlineBreached', caseId)).toEqual([]);

    // Monday 10:00: breached. The supervisor is alerted, the task goes first in the basket.
    await moveTo(monday.plus({ weeks: 2, hours: 1 }));
    expect(await row()).toMatchObject({ sla: 'breached', priority: 'high' });
    const breached = await events('DeadlineBreached', caseId);
    expect(breached).toHaveLength(1);
    expect(breached[0]!.detail).toMatchObject({ taskId: review.taskId, assignee: 'expert1', escalation: { priorityRaised: true, returnedToQueue: false } });
    const alerts = async () => (await outbox(caseId)).filter((m) => m.template === 'deadline-breached');
    const alert = await eventually(async () => (await alerts()).find((m) => m.to.startsWith('supervisor1')));
    expect(alert.subject).toContain(caseId);
    // The expert was warned when it went at risk, in their language.
    expect((await outbox(caseId)).filter((m) => m.template === 'deadline-approaching').map((m) => m.to)).toEqual([expect.stringMatching(/^expert1@/)]);

    // More checks later do not alert again.
    await advance('PT6H');
    await advance('P1D');
    expect(await events('DeadlineBreached', caseId)).toHaveLength(1);
    expect((await actions(caseId)).filter((a) => a === 'sla.breached')).toHaveLength(1);
    expect((await alerts()).filter((m) => m.to.startsWith('supervisor1'))).toHaveLength(1);
  });
});

describe('the deadline events', () => {
  it('every event the deadline steps emitted validates against its schema', async () => {
    const emitted = (await domainEvents()).filter((e) => ['DeadlineApproaching', 'DeadlineBreached', 'DocumentsReminderDue'].includes(e['detail-type']));
    expect(new Set(emitted.map((e) => e['detail-type']))).toEqual(new Set(['DeadlineApproaching', 'DeadlineBreached', 'DocumentsReminderDue']));
    expect(contractViolations(emitted)).toEqual([]);
  });
});
