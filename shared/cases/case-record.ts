import type { CaseSummary } from '../case-types/descriptor.js';
import type { SlaClock } from '../sla/sla-clock.js';

/** Who did something: a person (from their token) or the system itself. */
export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly role: string;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'dossier', role: 'system' };

/**
 * `received`: written by intake, lifecycle not yet started. `registered`: the lifecycle took it.
 * Later states come from each case type's state machine.
 */
export type CaseStatus = string;

export interface CaseRecord {
  readonly caseId: string;
  readonly type: string;
  readonly status: CaseStatus;
  readonly data: Readonly<Record<string, unknown>>;
  /** The claimant's user id; absent for a case an agent declared for someone without an account. */
  readonly ownerId?: string;
  /** The member of the registry the claim names (case types with a `coverage` rule). */
  readonly memberNumber?: string;
  /** Declared by a claimant whose account is that member's (the token's member number matched). */
  readonly claimantIsMember?: boolean;
  readonly createdBy: Actor;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-concurrency version of the case's data and status. */
  readonly version: number;
  /** Number of history entries and hash of the last one (the head of the chain). */
  readonly historySeq: number;
  readonly historyHead: string;
  readonly summary: CaseSummary;
  /** The case's own service-level clock, when its type commits to a target (shared/sla/). */
  readonly clock?: SlaClock;
  /** Set while the case waits on the claimant: clocks paused, reminders counting. */
  readonly claimantWait?: ClaimantWait;
}

export interface ClaimantWait {
  readonly since: string;
  /** Counts the waits of the case, so that each wait's reminders are told apart. */
  readonly cycle: number;
  readonly taskId: string;
  readonly remindersSent: number;
  readonly missing: readonly string[];
  readonly suspended?: boolean;
}

/** What a list or in-basket row shows: no case data beyond the summary. */
export interface CaseListItem {
  readonly caseId: string;
  readonly type: string;
  readonly status: CaseStatus;
  readonly summary: CaseSummary;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toListItem(record: CaseRecord): CaseListItem {
  const { caseId, type, status, summary, createdAt, updatedAt } = record;
  return { caseId, type, status, summary, createdAt, updatedAt };
}
