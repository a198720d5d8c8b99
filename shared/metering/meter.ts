import { AsyncLocalStorage } from 'node:async_hooks';

// Counting of billable operations for the cost bench (bench/cost-per-case.bench.ts). Off unless
// the bench turns it on: every hook in the code base asks `metering()` first, and with no meter
// it does nothing (the DynamoDB middleware is not even installed, see shared/aws/clients.ts).

/** A quantity of one billable operation, attributed to whoever caused it. */
export interface Usage {
  /** e.g. 'dynamodb', 'lambda', 'stepfunctions'. */
  readonly service: string;
  /** What is counted, e.g. 'write request units', 'invocations'. */
  readonly metric: string;
  /** Who: the function whose invocation did it, the route, the bucket, the state machine ('-': unknown). */
  readonly by: string;
  readonly quantity: number;
}

export interface MeterOptions {
  /**
   * Price each TransactWriteItems from its items rather than from what DynamoDB Local reports,
   * which is wrong for transactions (shared/metering/dynamodb-capacity.ts): on against DynamoDB
   * Local, off against AWS.
   */
  readonly correctDynamoDbLocalTransactions?: boolean;
}

export class Meter {
  private readonly totals = new Map<string, { service: string; metric: string; by: string; quantity: number }>();
  private readonly actor = new AsyncLocalStorage<string>();
  private additions = 0;
  /** Invocations under way, so that the bench can tell when the system has gone quiet. */
  inFlight = 0;

  constructor(readonly options: MeterOptions = {}) {}

  add(service: string, metric: string, quantity = 1, by: string = this.actor.getStore() ?? '-'): void {
    const key = `${service}\u0000${metric}\u0000${by}`;
    const entry = this.totals.get(key);
    if (entry) entry.quantity += quantity;
    else this.totals.set(key, { service, metric, by, quantity });
    this.additions++;
  }

  /** Runs `fn` as `who`: what it records, in every await it makes, is attributed to `who`. */
  as<T>(who: string, fn: () => T): T {
    return this.actor.run(who, fn);
  }

  /** Counts `fn` as an invocation of `who` (under way until it settles). */
  async invocation<T>(who: string, fn: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await this.as(who, fn);
    } finally {
      this.inFlight--;
    }
  }

  /** How many additions so far: unchanged over a while means nothing billable is happening. */
  get changes(): number {
    return this.additions;
  }

  snapshot(): Usage[] {
    return [...this.totals.values()].map((u) => ({ ...u }));
  }

  reset(): void {
    this.totals.clear();
  }
}

let current: Meter | undefined;

/** The meter, or undefined when nothing is counted (always, except in the cost bench). */
export const metering = (): Meter | undefined => current;

/** Turns counting on. Clients made before this do not count (see shared/aws/clients.ts). */
export function startMetering(options: MeterOptions = {}): Meter {
  current = new Meter(options);
  return current;
}

export function stopMetering(): void {
  current = undefined;
}
