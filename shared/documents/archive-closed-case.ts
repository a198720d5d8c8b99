import { now } from '../clock.js';
import { SYSTEM_ACTOR } from '../cases/case-record.js';
import { casePk } from '../cases/case-keys.js';
import { getCase, LinkedWriteRefused, recordChange, type LinkedWrite } from '../cases/case-repository.js';
import { config } from '../config.js';
import { archiveCase } from './archive.js';

export type ArchiveOutcome = 'archived' | 'already-archived' | 'not-closed' | 'no-archive';

/** Marks one closing of the case as archived: written with the history entry, once. */
const archivedMark = (caseId: string, closedAt: string): LinkedWrite => ({
  Put: {
    TableName: config().TABLE_NAME,
    Item: { pk: casePk(caseId), sk: `ARCHIVED#${closedAt}`, entity: 'archive-mark', caseId, closedAt },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/**
 * On CaseClosed: writes the closed case's documents and their manifest to the legal archive (one
 * tar per closing), and records that it did. Apart from the lifecycle's last step, so that step's function carries no S3
 * client, and so a failed archiving is retried by the event's own retries (a retried closing step
 * finds the case closed already and would not archive again). The archive is keyed by the closing,
 * so a repeated event rewrites the same object; the mark makes the history say it once.
 */
export async function archiveClosedCase(caseId: string): Promise<ArchiveOutcome> {
  const record = await getCase(caseId);
  const closedAt = (record as { closedAt?: string } | undefined)?.closedAt;
  // Re-opened before the event came: it is archived when it closes again.
  if (!record || record.status !== 'closed' || !closedAt) return 'not-closed';
  const at = now().toISOString();
  const manifest = await archiveCase(record, at);
  if (!manifest) return 'no-archive';
  try {
    await recordChange(
      caseId,
      { at, actor: SYSTEM_ACTOR, action: 'case.archived', details: { documents: manifest.documents.length, historyHead: manifest.historyHead } },
      { linkedWrites: [archivedMark(caseId, closedAt)] },
    );
    return 'archived';
  } catch (error) {
    if (error instanceof LinkedWriteRefused) return 'already-archived';
    throw error;
  }
}
