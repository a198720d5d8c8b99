import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LocalQueue, ReceivedMessage } from './local-queue.js';
import { meterEventSourceRequest } from './metering.js';

export interface QueuePollerOptions {
  readonly queue: LocalQueue;
  readonly functionId: string;
  readonly invoke: (functionId: string, event: unknown) => Promise<unknown>;
  /** Messages per invocation (the event source mapping's batch size). */
  readonly batchSize: number;
  /** Invocations at once (its maximum concurrency; reserved concurrency in AWS). */
  readonly concurrency: number;
  /** Messages handed out per second at most: the local stand-in for staying below a quota. */
  readonly perSecond: number;
  /** How often an idle poller looks again (sends wake it at once). */
  readonly idlePollMs?: number;
  readonly queueArn: string;
}

/**
 * The local Lambda event source mapping: receives batches from the local queue, invokes the
 * consumer with SQS's event shape, deletes what it did and leaves the reported failures (or a
 * whole batch whose invocation threw) to come back after the visibility timeout. A token bucket
 * bounds the rate; `pause()` lets tests and demos watch a backlog build.
 */
export class QueuePoller {
  private running = false;
  private paused = false;
  private readonly workers: Promise<void>[] = [];
  private wakers: (() => void)[] = [];
  private tokens = 0;
  private lastRefill = Date.now();
  /** Messages handed to the consumer and deleted since start. */
  delivered = 0;

  constructor(private readonly options: QueuePollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.options.concurrency; i++) this.workers.push(this.work());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.allSettled(this.workers);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.wake();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** A message was sent: idle workers look now instead of at their next poll. */
  wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wakers = this.wakers;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      wakers.push(done);
    });
  }

  // Waits until `wanted` messages may be handed out under the rate, and takes them.
  private async take(wanted: number): Promise<number> {
    for (;;) {
      const at = Date.now();
      this.tokens = Math.min(this.options.perSecond, this.tokens + ((at - this.lastRefill) / 1000) * this.options.perSecond);
      this.lastRefill = at;
      const granted = Math.min(wanted, Math.floor(this.tokens));
      if (granted >= 1) {
        this.tokens -= granted;
        return granted;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.options.perSecond) * 1000)));
    }
  }

  private async work(): Promise<void> {
    while (this.running) {
      if (this.paused) {
        await this.sleep(this.options.idlePollMs ?? 1_000);
        continue;
      }
      const allowed = await this.take(this.options.batchSize);
      let messages: ReceivedMessage[] = [];
      try {
        messages = await this.options.queue.receive(allowed);
        // An empty poll is the event source mapping's standing cost in AWS (its long polls), not a case's.
        if (messages.length) meterEventSourceRequest(this.options.queue.name, 'ReceiveMessage');
      } catch {
        // The queue's database closing with the runtime: try again later, or stop.
      }
      // Unused tokens go back, so an idle queue does not eat the rate.
      this.tokens = Math.min(this.options.perSecond, this.tokens + (allowed - messages.length));
      if (messages.length === 0) {
        await this.sleep(this.options.idlePollMs ?? 1_000);
        continue;
      }
      await this.deliver(messages);
    }
  }

  private async deliver(messages: ReceivedMessage[]): Promise<void> {
    const event: SQSEvent = {
      Records: messages.map((m) => ({
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: this.options.queueArn,
        awsRegion: 'local',
      })),
    };
    let failed: Set<string>;
    try {
      const response = (await this.options.invoke(this.options.functionId, event)) as SQSBatchResponse | undefined;
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      // The whole batch comes back after the visibility timeout, as with a failed invocation in AWS.
      return;
    }
    let deleted = 0;
    for (const message of messages) {
      if (failed.has(message.messageId)) continue;
      await this.options.queue.delete(message.receiptHandle).catch(() => undefined);
      this.delivered++;
      deleted++;
    }
    // The event source mapping deletes a batch's successes with one DeleteMessageBatch.
    if (deleted) meterEventSourceRequest(this.options.queue.name, 'DeleteMessageBatch');
  }
}
