import { batchGetAll } from '../aws/batch-get-all.js';
import { CASE_DETAIL_ATTRIBUTES, CASE_DETAILS_SK } from './case-keys.js';
import type { CaseRecord } from './case-record.js';

export const CASE_DETAILS_ENTITY = 'case-details';

/** The detail attributes an item holds (the details item, or a case item from before it). */
export function detailsOf(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CASE_DETAIL_ATTRIBUTES.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
}

export const isDetail = (name: string) => (CASE_DETAIL_ATTRIBUTES as readonly string[]).includes(name);

/**
 * Case items read in bulk (a Scan, a BatchGet), each with the details of its details item when it
 * has one: the batch jobs that need the claim data (amounts involved) read cases so. `details`:
 * the details items already read (a Scan of both); otherwise they are fetched, 100 a request.
 */
export async function withCaseDetails(caseItems: readonly Record<string, unknown>[], details?: readonly Record<string, unknown>[]): Promise<CaseRecord[]> {
  const found = details ?? (await batchGetAll(caseItems.filter((i) => i.data === undefined).map((i) => ({ pk: i.pk, sk: CASE_DETAILS_SK }))));
  const byCase = new Map(found.map((d) => [d.caseId as string, d]));
  return caseItems.map((item) => ({ ...item, ...detailsOf(byCase.get(item.caseId as string) ?? {}) }) as unknown as CaseRecord);
}
