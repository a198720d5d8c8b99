import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { cloudWatchClient } from '../aws/clients.js';
import { config } from '../config.js';
import { logger } from '../observability/logger.js';
import { caseStartBacklog, caseStartQueueUrl } from './case-start-queue.js';

// What ops see of buffered intake on the dashboard: how many starts wait, how long the oldest has
// waited, and how many gave up into the dead-letter queue. SQS answers the counts; the age of the
// oldest message is only a CloudWatch metric (SQS's GetQueueAttributes has no such attribute).

/** Each figure is null when it could not be read (and, for the age, when CloudWatch has no datapoint). */
export interface CaseStartFigures {
  /** Starts waiting to be taken by the starter. */
  readonly waiting: number | null;
  /** Taken by the starter and not finished yet. */
  readonly inFlight: number | null;
  /** Age of the oldest message in the queue, as CloudWatch last saw it (it lags a minute or more). */
  readonly oldestAgeSeconds: number | null;
  /** Starts that failed five times and wait in the dead-letter queue. */
  readonly deadLetters: number | null;
}

/** The figures are read on every dashboard request: a slow answer is dropped rather than waited for. */
const READ_TIMEOUT_MS = 3_000;
/** SQS publishes its metrics every minute; the latest datapoint within this window is taken. */
const AGE_WINDOW_MS = 10 * 60_000;

const queueNameOf = (url: string) => url.split('/').at(-1) ?? '';

function deadLetterQueueUrl(): string {
  const url = config().CASE_START_DEAD_LETTER_QUEUE_URL;
  if (!url) throw new Error('CASE_START_DEAD_LETTER_QUEUE_URL is not configured');
  return url;
}

/** Messages in the dead-letter queue: what the same count reads there as waiting. */
async function deadLetterCount(abortSignal: AbortSignal): Promise<number> {
  return (await caseStartBacklog({ queueUrl: deadLetterQueueUrl(), abortSignal })).waiting;
}

/** AWS/SQS ApproximateAgeOfOldestMessage of the start queue: its latest datapoint, or null if none. */
async function oldestAgeSeconds(abortSignal: AbortSignal): Promise<number | null> {
  // Wall time, not the business clock (shared/clock.ts), which the local runtime moves forward.
  const end = new Date();
  const { MetricDataResults = [] } = await cloudWatchClient().send(
    new GetMetricDataCommand({
      StartTime: new Date(end.getTime() - AGE_WINDOW_MS),
      EndTime: end,
      ScanBy: 'TimestampDescending',
      MetricDataQueries: [
        {
          Id: 'oldest',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/SQS',
              MetricName: 'ApproximateAgeOfOldestMessage',
              Dimensions: [{ Name: 'QueueName', Value: queueNameOf(caseStartQueueUrl()) }],
            },
            Period: 60,
            Stat: 'Maximum',
          },
        },
      ],
    }),
    { abortSignal },
  );
  const latest = MetricDataResults.find((r) => r.Id === 'oldest')?.Values?.[0];
  return latest === undefined ? null : Math.round(latest);
}

/** One figure, or null: a figure that cannot be read must not take the dashboard down with it. */
async function orNull<T>(figure: string, read: (signal: AbortSignal) => Promise<T>): Promise<T | null> {
  try {
    return await read(AbortSignal.timeout(READ_TIMEOUT_MS));
  } catch (error) {
    // The error's name only: messages of AWS errors may quote request details.
    logger.warn('case start backlog figure unavailable', { figure, error: (error as Error).name });
    return null;
  }
}

/** The start queue's backlog for the dashboard and the metrics; never throws. */
export async function readCaseStartFigures(): Promise<CaseStartFigures> {
  const [queue, deadLetters, oldest] = await Promise.all([
    orNull('queue', (abortSignal) => caseStartBacklog({ abortSignal })),
    orNull('deadLetters', deadLetterCount),
    orNull('oldestAge', oldestAgeSeconds),
  ]);
  return { waiting: queue?.waiting ?? null, inFlight: queue?.inFlight ?? null, oldestAgeSeconds: oldest ?? null, deadLetters };
}
