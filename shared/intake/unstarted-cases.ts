import { queryAll } from '../aws/query-all.js';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import { statusIndexPk } from '../cases/case-keys.js';
import { config } from '../config.js';
import { caseStartBacklog, enqueueCaseStarts } from './case-start-queue.js';

export interface SweepResult {
  /** Why nothing was looked at, when nothing was. */
  readonly skipped?: 'queue-busy';
  readonly reenqueued: number;
}

/**
 * The safety net of buffered intake. declare-case writes the case and then sends its start
 * message; a crash between the two leaves a `received` case with no message. While the queue is
 * idle (nothing waiting, nothing in flight) a case still `received` well after its declaration
 * can only be such a case, or one whose start failed into the dead-letter queue: both are sent
 * again. While a surge is draining the sweep waits, so that it never doubles the backlog.
 */
export async function reenqueueUnstartedCases(at: Date): Promise<SweepResult> {
  const backlog = await caseStartBacklog();
  if (backlog.waiting > 0 || backlog.inFlight > 0) return { skipped: 'queue-busy', reenqueued: 0 };
  const cutoff = new Date(at.getTime() - config().UNSTARTED_CASE_AFTER_MINUTES * 60_000).toISOString();
  const caseIds: string[] = [];
  for (let shard = 0; shard < LISTING_SHARDS; shard++) {
    // The by-status index holds received cases only until they are registered: a short list.
    const items = await queryAll({
      TableName: config().TABLE_NAME,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :cutoff',
      ExpressionAttributeValues: { ':pk': statusIndexPk('received', shard), ':cutoff': cutoff },
      ProjectionExpression: 'caseId',
    });
    caseIds.push(...items.map((item) => item.caseId as string));
  }
  return { reenqueued: await enqueueCaseStarts(caseIds) };
}
