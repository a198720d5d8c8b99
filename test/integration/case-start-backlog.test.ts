import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CASE_START_DEAD_LETTER_QUEUE } from '#local/stack.js';
import { as, eventually, request } from './support/api.js';
import { declaration } from './support/fixtures.js';

// The start queue's backlog on the ops dashboard, read by get-dashboard and get-metrics through
// the real SQS and CloudWatch clients from the local emulator, over the table-backed queue.
const pauseStarter = (paused: boolean) => request('POST', '/api/_local/case-starts', { body: { paused } });
const caseStarts = async (user = 'ops1') => {
  const response = await (await as(user)).get('/api/dashboard');
  expect(response.status).toBe(200);
  return response.body as { caseStarts: { waiting: number | null; inFlight: number | null; oldestAgeSeconds: number | null; deadLetters: number | null }; alerts: { kind: string; level: string }[] };
};
const gauges = async () => {
  const response = await (await as('ops1')).get('/api/metrics');
  expect(response.status).toBe(200);
  const families = parsePrometheusTextFormat((response.body as string).replace(/# EOF\n?$/, ''));
  return (name: string) => Number(families.find((f) => f.name === name)?.metrics[0]?.value);
};

afterEach(async () => {
  await pauseStarter(false);
});

describe('the case start backlog on the ops dashboard', () => {
  it('shows declarations waiting while the starter is paused, with the age of the oldest, and the backlog draining to nothing once it runs', async () => {
    await pauseStarter(true);
    const before = (await caseStarts()).caseStarts;
    const claimant = await as('claimant1');
    const declared = await Promise.all(Array.from({ length: 3 }, () => claimant.post('/api/cases', declaration())));
    expect(declared.map((r) => r.status)).toEqual([202, 202, 202]);

    const waiting = (await caseStarts()).caseStarts;
    expect(waiting.waiting).toBeGreaterThanOrEqual((before.waiting ?? 0) + 3);
    expect(waiting.inFlight).toEqual(expect.any(Number));
    expect(waiting.oldestAgeSeconds).toEqual(expect.any(Number));
    expect(waiting.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(waiting.deadLetters).toBe(0);
    // Supervisors read the same dashboard.
    expect((await caseStarts('supervisor1')).caseStarts.waiting).toBeGreaterThanOrEqual(3);
    // And Prometheus scrapes the same figures.
    const metric = await gauges();
    expect(metric('dossier_case_starts_waiting')).toBeGreaterThanOrEqual(3);
    expect(metric('dossier_case_starts_dead_letters')).toBe(0);
    expect(metric('dossier_case_starts_oldest_age_seconds')).toBeGreaterThanOrEqual(0);

    await pauseStarter(false);
    const drained = await eventually(async () => {
      const { caseStarts: now } = await caseStarts();
      return now.waiting === 0 && now.inFlight === 0 ? now : undefined;
    }, 20_000);
    expect(drained).toMatchObject({ waiting: 0, inFlight: 0, deadLetters: 0 });
  });

  it('raises a critical backlog alert as soon as a start is in the dead-letter queue', async () => {
    const sqs = new SQSClient({ endpoint: inject('awsEndpoint'), region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const QueueUrl = `${inject('awsEndpoint')}/000000000000/${CASE_START_DEAD_LETTER_QUEUE}`;
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ caseId: '01JAAAAAAAAAAAAAAAAAAAAAA1' }) }));
    try {
      const dashboard = await caseStarts();
      expect(dashboard.caseStarts.deadLetters).toBe(1);
      expect(dashboard.alerts).toContainEqual(expect.objectContaining({ kind: 'backlog', level: 'critical', deadLetters: 1 }));
      expect((await gauges())('dossier_case_starts_dead_letters')).toBe(1);
    } finally {
      // Redriven by hand, as ops would: the message leaves the dead-letter queue.
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      for (const message of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
    const after = await caseStarts();
    expect(after.caseStarts.deadLetters).toBe(0);
    expect(after.alerts.map((a) => a.kind)).not.toContain('backlog');
  });

  it('is refused to claimants and agents, as the rest of the dashboard', async () => {
    for (const user of ['claimant1', 'agent1']) {
      expect((await (await as(user)).get('/api/dashboard')).status).toBe(403);
    }
  });
});
