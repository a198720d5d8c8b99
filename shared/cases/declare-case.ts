import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ulid } from 'ulid';
import * as z from 'zod';
import { authorize } from '../auth/permissions.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { findCaseType } from '../case-types/index.js';
import { now } from '../clock.js';
import { badRequest, conflict } from '../errors.js';
import { chainEntry, GENESIS_HASH } from '../history/chain.js';
import { validationError } from '../http/validation.js';
import { enqueueCaseStart } from '../intake/case-start-queue.js';
import { logger } from '../observability/logger.js';
import type { Actor, CaseRecord } from './case-record.js';
import { findIdempotencyMarker, getCase, IdempotencyKeyTaken, insertCase } from './case-repository.js';
import { normaliseSearch } from './search-text.js';
import { memberCaseLinkWrite } from '../members/member-repository.js';

export const declareCaseBody = z.strictObject({
  type: z.string().min(1).max(60),
  // Checked against the case type's own schema once the type is known.
  data: z.record(z.string(), z.unknown()),
});
export type DeclareCaseBody = z.infer<typeof declareCaseBody>;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1 to 128 letters, digits or _ . : -');

export interface DeclaredCase {
  readonly record: CaseRecord;
  /** True when an earlier request with the same Idempotency-Key had already created it. */
  readonly replayed: boolean;
}

export function actorOf(principal: Principal, preferredRole?: string): Actor {
  const role = preferredRole && principal.roles.includes(preferredRole as never) ? preferredRole : principal.roles[0];
  return { userId: principal.userId, username: principal.username, role: role ?? 'unknown' };
}

export async function declareCase(
  principal: Principal,
  body: DeclareCaseBody,
  idempotencyKey: string | undefined,
): Promise<DeclaredCase> {
  authorize(principal, 'case:declare');
  const caseType = findCaseType(body.type);
  if (!caseType) throw badRequest('Invalid body: type', [{ field: 'type', message: `unknown case type "${body.type}"` }]);
  const parsed = caseType.dataSchema.safeParse(body.data);
  if (!parsed.success) throw validationError(parsed.error, 'body', 'data');
  const data = parsed.data as Record<string, unknown>;
  const memberNumber = caseType.coverage?.memberNumber(data as never);
  // A claimant whose account is linked to a member declares for that member only. (An account
  // not linked yet may declare; registration then sends the case to a coverage check.)
  // A claimant's case is theirs; an agent declaring on paper for someone has no portal owner yet.
  const isClaimant = hasRole(principal, 'claimant') && !hasRole(principal, 'agent');
  if (memberNumber && isClaimant && principal.memberNumber && principal.memberNumber !== memberNumber) {
    throw badRequest(`Invalid body: ${caseType.coverage!.memberNumberField}`, [{ field: caseType.coverage!.memberNumberField, message: 'is not your member number' }]);
  }

  const at = now();
  const nowEpochSeconds = Math.floor(at.getTime() / 1000);
  const requestHash = createHash('sha256').update(canonicalize(body) ?? '').digest('hex');
  if (idempotencyKey) {
    const replay = await replayIfKnown(principal.userId, idempotencyKey, requestHash, nowEpochSeconds);
    if (replay) return replay;
  }

  const actor = actorOf(principal, isClaimant ? 'claimant' : 'agent');
  const caseId = ulid(at.getTime());
  const firstEntry = chainEntry(GENESIS_HASH, {
    seq: 1,
    at: at.toISOString(),
    actor,
    action: 'case.declared',
    details: { type: caseType.id },
  });
  // Only the case itself, `received`: its decisions, service-level clock and dashboard counters
  // come with its registration (shared/workflows/register-case.ts), at the pace the starter takes cases.
  const record: CaseRecord = {
    caseId,
    type: caseType.id,
    status: 'received',
    data,
    ...(isClaimant ? { ownerId: principal.userId } : {}),
    ...(memberNumber ? { memberNumber } : {}),
    ...(memberNumber && isClaimant && principal.memberNumber === memberNumber ? { claimantIsMember: true } : {}),
    createdBy: actor,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    version: 1,
    historySeq: 1,
    historyHead: firstEntry.hash,
    summary: caseType.summarise(data),
  };
  const searchText = normaliseSearch([caseId, ...caseType.searchTerms(data)].join(' '));
  try {
    // The member's person view lists the case from its declaration on: the link is in the case's write.
    const memberLink = memberNumber ? memberCaseLinkWrite(memberNumber, { caseId, type: caseType.id, createdAt: record.createdAt }) : undefined;
    await insertCase(record, searchText, firstEntry, idempotencyKey
      ? { userId: principal.userId, key: idempotencyKey, requestHash, nowEpochSeconds }
      : undefined, memberLink);
  } catch (error) {
    // Two requests with the same key raced: the other one created the case; answer with it.
    if (error instanceof IdempotencyKeyTaken && idempotencyKey) {
      const replay = await replayIfKnown(principal.userId, idempotencyKey, requestHash, nowEpochSeconds);
      if (replay) return replay;
    }
    throw error;
  }
  await requestStart(record);
  return { record, replayed: false };
}

/**
 * Buffered intake: the case is stored as `received`; its lifecycle is started by the starter, at
 * the rate Step Functions allows, from the start queue. The send comes after the write (SQS is
 * not part of a DynamoDB transaction): if it fails even after retries the case is stored all the
 * same and the sweeper (intake/unstarted-cases.ts) enqueues it once the queue is idle, so the
 * claimant is not asked to declare twice.
 */
async function requestStart(record: CaseRecord): Promise<void> {
  try {
    await enqueueCaseStart(record.caseId);
  } catch (error) {
    logger.warn('case start not enqueued; the sweeper will', { caseId: record.caseId, error: (error as Error).name });
  }
}

async function replayIfKnown(
  userId: string,
  key: string,
  requestHash: string,
  nowEpochSeconds: number,
): Promise<DeclaredCase | undefined> {
  const marker = await findIdempotencyMarker(userId, key, nowEpochSeconds);
  if (!marker) return undefined;
  if (marker.requestHash !== requestHash) {
    throw conflict('This Idempotency-Key was already used for a different request');
  }
  const record = await getCase(marker.caseId);
  if (!record) throw new Error('idempotency marker points to a missing case');
  // The first attempt may have stored the case and failed to enqueue it: a second start message
  // is harmless (the starter skips a case already started).
  if (record.status === 'received') await requestStart(record);
  return { record, replayed: true };
}
