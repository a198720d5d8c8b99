import { createHash } from 'node:crypto';
import { LISTING_SHARDS } from '../aws/table-schema.js';

// Key layout of everything stored under a case; see shared/aws/table-schema.ts.
export const casePk = (caseId: string) => `CASE#${caseId}`;
export const CASE_SK = 'CASE';
/**
 * The case's head: its chain head and last change time, rewritten by every history entry. Kept
 * apart from the case item (which carries the listing indexes' keys and the claim data) so that an
 * entry costs one small write instead of a rewrite of the case and of its index copies. Its sort
 * key starts with the case item's, so one Query (`begins_with(sk, 'CASE')`) reads both.
 */
export const CASE_HEAD_SK = 'CASE#HEAD';
/**
 * The case's details: what it was declared with and what registration decided (claim data, who
 * declared it, pinned rule versions, required documents, routing), set once and rarely changed.
 * Apart from the case item, whose every write is copied into three listing indexes, they keep
 * that item under 1 KB: each change of status costs a write unit per copy instead of two.
 */
export const CASE_DETAILS_SK = 'CASE#DETAILS';
/** The case's attributes that live in its details item once it has one. */
export const CASE_DETAIL_ATTRIBUTES = ['data', 'createdBy', 'ruleVersions', 'requiredDocuments', 'routing', 'coverage'] as const;
export const historySk = (seq: number) => `HIST#${seq.toString().padStart(10, '0')}`;
export const HISTORY_PREFIX = 'HIST#';

export const ownerIndexPk = (ownerId: string) => `OWNER#${ownerId}`;
export const allCasesIndexPk = (shard: number) => `CASES#${shard}`;
export const statusIndexPk = (status: string, shard: number) => `STATUS#${status}#${shard}`;
export const listingSk = (createdAt: string, caseId: string) => `${createdAt}#${caseId}`;

export const idempotencyPk = (userId: string, key: string) => `IDEMPOTENCY#${userId}#${key}`;
export const IDEMPOTENCY_SK = 'IDEMPOTENCY';

/** Stable shard of a case for the listing indexes: spreads writes, lets readers merge shards. */
export function listingShard(caseId: string): number {
  return createHash('sha256').update(caseId).digest()[0]! % LISTING_SHARDS;
}
