// AWS answers a quota or a hot partition with a throttling error: the request did nothing and may
// be sent again, later. These are the names the SDK gives those errors across the services we use.
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottledException',
]);

export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (THROTTLING.has(error.name)) return true;
  // A transaction cancelled because one of its items was throttled.
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return error.name === 'TransactionCanceledException' && !!reasons?.some((r) => r.Code === 'ThrottlingError');
}

export interface BackoffOptions {
  /** Attempts in all, the first included. */
  readonly attempts?: number;
  readonly baseMs?: number;
  readonly capMs?: number;
  /** Injected by tests to see the delays without waiting them. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation`, and again after a throttling error, waiting "full jitter" exponential delays
 * (a random time up to base × 2^attempt, capped) so that many starters throttled together do not
 * come back together. Any other error, or the last throttling one, is thrown: the queue then
 * delivers the message again after its visibility timeout, which is the slower, outer backoff.
 */
export async function withBackoff<T>(operation: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const { attempts = 5, baseMs = 50, capMs = 2_000, sleep = wait, random = Math.random } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isThrottling(error) || attempt >= attempts) throw error;
      await sleep(Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt)));
    }
  }
}
