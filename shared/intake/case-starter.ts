import { withBackoff } from '../aws/backoff.js';
import { getCase } from '../cases/case-repository.js';
import { startLifecycle } from '../workflows/lifecycle.js';

export type CaseStartOutcome = 'started' | 'already-started' | 'unknown-case';

/**
 * Starts the lifecycle of a case taken from the start queue. The queue delivers at least once, so
 * the same case may come twice (a redelivery, a sweep): a case no longer `received` was started
 * already, and StartExecution named after the case makes a second start of a `received` case a
 * no-op. Throttling of either call is retried here with backoff; what still fails is thrown and
 * the queue delivers the message again later.
 */
export async function startQueuedCase(caseId: string): Promise<CaseStartOutcome> {
  const record = await withBackoff(() => getCase(caseId));
  if (!record) return 'unknown-case';
  if (record.status !== 'received') return 'already-started';
  await withBackoff(() => startLifecycle(record));
  return 'started';
}
