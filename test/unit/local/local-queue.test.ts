import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalQueue } from '#local/queues/local-queue.js';

// Each test has a LevelDB folder of its own, closed and removed after it.
const opened: LocalQueue[] = [];
const directories: string[] = [];

afterEach(async () => {
  for (const q of opened.splice(0)) await q.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function folder(): string {
  const directory = mkdtempSync(join(tmpdir(), 'dossier-queue-'));
  directories.push(directory);
  return directory;
}

function queue(directory: string, name: string, visibilityTimeoutSeconds = 1): LocalQueue {
  const q = new LocalQueue({ directory, name, visibilityTimeoutSeconds, maxReceiveCount: 3, deadLetterQueueName: `${name}-dlq` });
  opened.push(q);
  return q;
}

describe('the local start queue (SQS semantics on an embedded LevelDB)', () => {
  it('hides a received message for the visibility timeout, then delivers it again with a new receipt', async () => {
    const q = queue(folder(), 'test-visibility');
    await q.send('{"n":1}');
    const [first] = await q.receive(10);
    expect(first).toMatchObject({ body: '{"n":1}', receiveCount: 1 });
    expect(await q.receive(10)).toEqual([]);
    expect(await q.attributes()).toMatchObject({ visible: 0, inFlight: 1 });
    await new Promise((r) => setTimeout(r, 1_100));
    const [again] = await q.receive(10);
    expect(again).toMatchObject({ messageId: first!.messageId, receiveCount: 2 });
    expect(again!.receiptHandle).not.toBe(first!.receiptHandle);
    // The first receiver's handle is stale: its delete leaves the message to the second.
    await q.delete(first!.receiptHandle);
    expect(await q.attributes()).toMatchObject({ inFlight: 1 });
    await q.delete(again!.receiptHandle);
    expect(await q.attributes()).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('gives one message to one of two receivers at a time', async () => {
    const q = queue(folder(), 'test-race', 30);
    for (let i = 0; i < 5; i++) await q.send(`{"n":${i}}`);
    const [a, b] = await Promise.all([q.receive(5), q.receive(5)]);
    const ids = [...a, ...b].map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeLessThanOrEqual(5);
  });

  it('never gives the same message to two concurrent receives, however many there are', async () => {
    const q = queue(folder(), 'test-concurrent', 30);
    await Promise.all(Array.from({ length: 40 }, (_, i) => q.send(`{"n":${i}}`)));
    const batches = await Promise.all(Array.from({ length: 8 }, () => q.receive(10)));
    const ids = batches.flat().map((m) => m.messageId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(await q.attributes()).toMatchObject({ visible: 0, inFlight: 40 });
  });

  it('moves a message received too many times to the dead-letter queue', async () => {
    const q = queue(folder(), 'test-redrive', 0);
    await q.send('{"poison":true}');
    for (let i = 0; i < 3; i++) expect(await q.receive(1)).toHaveLength(1);
    expect(await q.receive(1)).toEqual([]);
    expect((await q.deadLetterAttributes()).visible).toBe(1);
    expect(await q.attributes()).toMatchObject({ visible: 0, inFlight: 0 });
    // The dead-letter queue is a queue of its own on the same database: the message is there, as sent.
    const [dead] = await q.deadLetterQueue().receive(10);
    expect(dead).toMatchObject({ body: '{"poison":true}', receiveCount: 4 });
  });

  it('makes a received message visible again when its visibility is changed, for its latest receipt only', async () => {
    const q = queue(folder(), 'test-change-visibility', 30);
    await q.send('{"n":1}');
    const [first] = await q.receive(1);
    await q.changeVisibility(first!.receiptHandle, 0);
    const [second] = await q.receive(1);
    expect(second).toMatchObject({ messageId: first!.messageId, receiveCount: 2 });
    // A stale receipt changes nothing: the message stays hidden.
    await q.changeVisibility(first!.receiptHandle, 0);
    expect(await q.receive(1)).toEqual([]);
    expect(await q.attributes()).toMatchObject({ visible: 0, inFlight: 1 });
  });

  it('counts visible and in-flight messages exactly, and the age of the oldest', async () => {
    const q = queue(folder(), 'test-attributes', 30);
    // An empty queue is of age 0, as its neighbour's messages are not its own.
    await q.deadLetterQueue().send('{"other":true}');
    expect(await q.attributes()).toEqual({ visible: 0, inFlight: 0, oldestAgeSeconds: 0 });
    for (let i = 0; i < 3; i++) await q.send(`{"n":${i}}`);
    const sentBy = Date.now();
    await q.receive(1);
    await new Promise((r) => setTimeout(r, 1_100));
    const { oldestAgeSeconds, ...counts } = await q.attributes();
    expect(counts).toEqual({ visible: 2, inFlight: 1 });
    expect(oldestAgeSeconds).toBeGreaterThanOrEqual(1);
    expect(oldestAgeSeconds).toBeLessThanOrEqual(Math.ceil((Date.now() - sentBy) / 1000) + 1);
    expect(await q.deadLetterAttributes()).toMatchObject({ visible: 1, inFlight: 0 });
  });

  it('keeps unacknowledged messages when the queue is closed and opened again on the same folder', async () => {
    const directory = folder();
    const before = queue(directory, 'test-reopen', 30);
    await before.send('{"n":1}');
    await before.send('{"n":2}');
    const [taken] = await before.receive(1);
    await before.close();

    const after = queue(directory, 'test-reopen', 30);
    expect(await after.attributes()).toMatchObject({ visible: 1, inFlight: 1 });
    const [waiting] = await after.receive(10);
    expect(waiting).toMatchObject({ body: '{"n":2}', receiveCount: 1 });
    // The receipt of the run before still deletes the message it took.
    await after.delete(taken!.receiptHandle);
    expect(await after.attributes()).toMatchObject({ visible: 0, inFlight: 1 });
  });
});
