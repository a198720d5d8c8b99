import { randomBytes } from 'node:crypto';
import { ClassicLevel, type BatchOperation } from 'classic-level';
import { ulid } from 'ulid';

export interface LocalQueueOptions {
  /** The LevelDB database's folder, shared by the queue and its dead-letter queue. */
  readonly directory: string;
  readonly name: string;
  /** How long a received message stays hidden before it is delivered again. */
  readonly visibilityTimeoutSeconds: number;
  /** Receipts after which a message goes to the dead-letter queue instead (the redrive policy). */
  readonly maxReceiveCount: number;
  readonly deadLetterQueueName: string;
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly sentAt: number;
  readonly firstReceivedAt: number;
}

interface MessageRecord {
  readonly body: string;
  readonly sentAt: number;
  readonly visibleAt: number;
  readonly receiveCount: number;
  readonly firstReceivedAt?: number;
  readonly receiptHandle?: string;
}

type Operation = BatchOperation<ClassicLevel<string, string>, string, unknown>;

// A message record per (queue, messageId), and an index ordered by the time a message becomes
// visible, so that a receive is one ordered range read of the oldest visible messages.
// Queue names (SQS's: letters, digits, - and _) hold no '#', and '$' is the character after '#':
// [`${queue}#`, `${queue}$`) holds one queue's keys and no other's, even a queue named after it
// plus a suffix (its dead-letter queue).
const messageKey = (queue: string, messageId: string) => `${queue}#${messageId}`;
// Fixed width, so that the string order of the index is the order of the times.
const indexKey = (queue: string, visibleAt: number, messageId: string) => `${queue}#${String(visibleAt).padStart(15, '0')}#${messageId}`;
const queueRange = (queue: string) => ({ gte: `${queue}#`, lt: `${queue}$` });

/**
 * Serialises read-then-write operations. LevelDB has no conditional writes: without this, two
 * receives could read the same visible message before either moved it, and both take it.
 */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.tail.then(operation);
    // The next operation waits for this one to settle, whether it succeeded or not.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** One database per folder (LevelDB allows a single opener), shared by a queue and its dead-letter queue. */
function openStore(directory: string) {
  const db = new ClassicLevel<string, string>(directory);
  const messages = db.sublevel<string, MessageRecord>('messages', { valueEncoding: 'json' });
  const index = db.sublevel<string, string>('visible', { valueEncoding: 'utf8' });
  const put = (queue: string, messageId: string, record: MessageRecord): Operation[] => [
    { type: 'put', sublevel: messages, key: messageKey(queue, messageId), value: record },
    { type: 'put', sublevel: index, key: indexKey(queue, record.visibleAt, messageId), value: '' },
  ];
  return {
    db,
    messages,
    index,
    // Shared, since a redrive writes to the dead-letter queue while its own receives read it.
    lock: new Mutex(),
    put,
    del: (queue: string, messageId: string, record: MessageRecord): Operation[] => [
      { type: 'del', sublevel: messages, key: messageKey(queue, messageId) },
      { type: 'del', sublevel: index, key: indexKey(queue, record.visibleAt, messageId) },
    ],
    /** The same message, visible at another time: its record replaced, its index entry moved. */
    update: (queue: string, messageId: string, before: MessageRecord, after: MessageRecord): Operation[] => [
      { type: 'del', sublevel: index, key: indexKey(queue, before.visibleAt, messageId) },
      ...put(queue, messageId, after),
    ],
    write: (operations: Operation[]): Promise<void> => (operations.length ? db.batch<string, unknown>(operations, {}) : Promise.resolve()),
  };
}

/**
 * SQS standard-queue semantics on an embedded LevelDB, so that `kill -9` of npm start loses
 * nothing: at-least-once delivery, a visibility timeout after each receipt (a consumer that dies
 * or fails leaves the message to come back), receipt handles that only the latest receiver may
 * delete with, and a redrive to a dead-letter queue after `maxReceiveCount` receipts.
 *
 * Durability: a write resolves once LevelDB has appended it to its log file (in the operating
 * system's cache), which survives the process being killed; only the machine crashing could lose
 * the last writes, which a local runtime can afford, so writes are not synced (fsync per send
 * would cost the intake its speed).
 */
export class LocalQueue {
  private deadLetters?: LocalQueue;

  /** `store` is for the dead-letter queue only, which shares its queue's open database. */
  constructor(
    private readonly options: LocalQueueOptions,
    private readonly store = openStore(options.directory),
  ) {}

  get name(): string {
    return this.options.name;
  }

  /** Opens the database now rather than at the first operation, so a folder in use fails at once. */
  open(): Promise<void> {
    return this.store.db.open();
  }

  /** Closes the database, the dead-letter queue's too (it is the same), once pending operations are done. */
  async close(): Promise<void> {
    await this.store.lock.run(() => this.store.db.close());
  }

  // No lock: a send only adds keys of a new message, which no other operation can be touching.
  async send(body: string, queue = this.options.name): Promise<string> {
    const messageId = ulid();
    const at = Date.now();
    await this.store.write(this.store.put(queue, messageId, { body, sentAt: at, visibleAt: at, receiveCount: 0 }));
    return messageId;
  }

  /** Up to `max` visible messages, oldest first, each hidden for the visibility timeout. */
  receive(max: number, visibilityTimeoutSeconds = this.options.visibilityTimeoutSeconds): Promise<ReceivedMessage[]> {
    const queue = this.options.name;
    return this.store.lock.run(async () => {
      const at = Date.now();
      // Every index key of this queue visible at `at` ('~' sorts after any message id).
      const keys = await this.store.index.keys({ gte: `${queue}#`, lte: indexKey(queue, at, '~'), limit: max }).all();
      const messageIds = keys.map((key) => key.slice(key.lastIndexOf('#') + 1));
      const records = messageIds.length ? await this.store.messages.getMany(messageIds.map((id) => messageKey(queue, id))) : [];
      const received: ReceivedMessage[] = [];
      const operations: Operation[] = [];
      records.forEach((record, i) => {
        const messageId = messageIds[i]!;
        if (!record) {
          // Cannot happen with atomic batches; an index entry without its message is dropped.
          operations.push({ type: 'del', sublevel: this.store.index, key: keys[i]! });
          return;
        }
        if (record.receiveCount >= this.options.maxReceiveCount) {
          // The redrive: the dead-letter queue takes the message as it is, visible at once.
          const dlq = this.options.deadLetterQueueName;
          operations.push(...this.store.del(queue, messageId, record));
          operations.push(...this.store.put(dlq, messageId, { body: record.body, sentAt: record.sentAt, visibleAt: at, receiveCount: record.receiveCount }));
          return;
        }
        const receiptHandle = `${messageId}.${randomBytes(12).toString('base64url')}`;
        const taken: MessageRecord = {
          ...record,
          visibleAt: at + visibilityTimeoutSeconds * 1000,
          receiveCount: record.receiveCount + 1,
          firstReceivedAt: record.firstReceivedAt ?? at,
          receiptHandle,
        };
        operations.push(...this.store.update(queue, messageId, record, taken));
        received.push({ messageId, receiptHandle, body: record.body, receiveCount: taken.receiveCount, sentAt: record.sentAt, firstReceivedAt: taken.firstReceivedAt! });
      });
      // One batch: the messages are taken (and the poisoned redriven) all at once or not at all.
      await this.store.write(operations);
      return received;
    });
  }

  /** Deletes a message, if the handle is its latest receipt (an older one deletes nothing, as in SQS). */
  delete(receiptHandle: string): Promise<void> {
    return this.withReceipt(receiptHandle, (messageId, record) => this.store.del(this.options.name, messageId, record));
  }

  /** Makes a received message visible again after `seconds` (0: at once). */
  changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    return this.withReceipt(receiptHandle, (messageId, record) =>
      this.store.update(this.options.name, messageId, record, { ...record, visibleAt: Date.now() + seconds * 1000 }),
    );
  }

  /** SQS's approximate counts, exact here; and the age of the oldest message, as CloudWatch shows it. */
  async attributes(queue = this.options.name): Promise<{ visible: number; inFlight: number; oldestAgeSeconds: number }> {
    const at = Date.now();
    let visible = 0;
    let inFlight = 0;
    let oldest = at;
    // An iterator reads a snapshot, so the counts are of one moment even while the poller works.
    for await (const record of this.store.messages.values(queueRange(queue))) {
      if (record.visibleAt <= at) visible++;
      else inFlight++;
      oldest = Math.min(oldest, record.sentAt);
    }
    return { visible, inFlight, oldestAgeSeconds: Math.floor((at - oldest) / 1000) };
  }

  deadLetterAttributes() {
    return this.attributes(this.options.deadLetterQueueName);
  }

  /** The dead-letter queue as a queue of its own (for its URL in the emulator); it redrives nowhere. */
  deadLetterQueue(): LocalQueue {
    const name = this.options.deadLetterQueueName;
    this.deadLetters ??= new LocalQueue({ ...this.options, name, deadLetterQueueName: name, maxReceiveCount: Number.POSITIVE_INFINITY }, this.store);
    return this.deadLetters;
  }

  // The change `change` makes to a message, if `receiptHandle` is still its latest receipt.
  private withReceipt(receiptHandle: string, change: (messageId: string, record: MessageRecord) => Operation[]): Promise<void> {
    const messageId = receiptHandle.split('.')[0] ?? '';
    return this.store.lock.run(async () => {
      const record = await this.store.messages.get(messageKey(this.options.name, messageId));
      if (record?.receiptHandle !== receiptHandle) return;
      await this.store.write(change(messageId, record));
    });
  }
}
