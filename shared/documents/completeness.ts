import { getCase } from '../cases/case-repository.js';
import { LinkedWriteRefused } from '../cases/case-repository.js';
import { ClientError } from '../errors.js';
import { logger } from '../observability/logger.js';
import { syncClaimantWait } from '../sla/claimant-wait.js';
import { completeTaskAsSystem } from '../tasks/task-actions.js';
import { tasksOfCase } from '../tasks/task-repository.js';
import { awaitsWork } from '../tasks/task-record.js';
import { checklistOf, isComplete } from './checklist.js';
import { documentsOfCase } from './document-repository.js';

/**
 * When every required document is accepted, a lifecycle waiting in document collection moves
 * on by itself: the waiting task is completed by the system with the outcome `complete`.
 */
export async function advanceIfComplete(caseId: string): Promise<boolean> {
  const record = await getCase(caseId);
  if (!record) return false;
  const documents = await documentsOfCase(caseId);
  if (!isComplete(checklistOf(record, documents))) return false;
  const waiting = (await tasksOfCase(caseId)).filter(
    (t) => t.kind === 'document-collection' && t.taskToken && awaitsWork(t),
  );
  for (const task of waiting) {
    try {
      await completeTaskAsSystem(task, 'complete');
      logger.info('document collection complete', { taskId: task.taskId });
    } catch (error) {
      // Someone completed it at the same moment: the case moves on either way.
      if (!(error instanceof LinkedWriteRefused) && !(error instanceof ClientError && error.status === 409)) throw error;
    }
  }
  return waiting.length > 0;
}

/**
 * After anything that changes what a case has or needs (a document arrived or was reviewed, a
 * task created): a complete collection moves on, and the wait on the claimant starts or ends.
 */
export async function afterDocumentsChanged(caseId: string): Promise<void> {
  await advanceIfComplete(caseId);
  await syncClaimantWait(caseId);
}
