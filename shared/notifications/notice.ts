import type { CaseRecord } from '../cases/case-record.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { casePk } from '../cases/case-keys.js';
import { config } from '../config.js';

/**
 * An in-portal notice to the case's claimant, written with the history entry that explains it.
 * The notice id makes it once-only: a repeated step writes nothing (the condition fails).
 * Notices carry a template and its parameters, never free text with medical details.
 */
export function claimantNotice(
  record: CaseRecord,
  noticeId: string,
  template: string,
  params: Record<string, unknown>,
  at: string,
): LinkedWrite | undefined {
  if (!record.ownerId) return undefined;
  return {
    Put: {
      TableName: config().TABLE_NAME,
      Item: {
        pk: casePk(record.caseId),
        sk: `NOTICE#${noticeId}`,
        entity: 'notice',
        caseId: record.caseId,
        recipient: record.ownerId,
        template,
        params,
        channel: 'portal',
        at,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}
