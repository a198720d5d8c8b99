import type { Role } from '../auth/principal.js';
import { currentAbsence, type StaffProfile } from './staff-profile.js';

/** What a task asks of whoever takes it (the assignment-policy decision, plus the task's queue and case type). */
export interface WorkNeeds {
  readonly queue: string;
  readonly caseType: string;
  /** A language they must work in (the claimant's). */
  readonly language?: string;
  readonly region?: string;
  /** The amount they must be allowed to decide on. */
  readonly authority?: number;
}

export interface Candidate {
  readonly username: string;
  readonly roles: readonly Role[];
  readonly profile: StaffProfile;
  /** Open tasks they hold now. */
  readonly openTasks: number;
}

/**
 * Why this person may not take this work, in words a supervisor (or they) can act on, or
 * undefined when they may. The assigner, a claim by hand, a reassignment and an absence's
 * hand-over all ask the same question.
 */
export function whyNotEligible(candidate: Candidate, needs: WorkNeeds, at: Date): string | undefined {
  const { profile } = candidate;
  // Supervisors stand in for any queue (they may claim anything), as before profiles existed.
  if (!(candidate.roles as readonly string[]).includes(needs.queue) && !candidate.roles.includes('supervisor')) return `${candidate.username} is not in the ${needs.queue} queue`;
  const away = currentAbsence(profile, at);
  if (away) return `${candidate.username} is absent until ${away.to}`;
  if (candidate.openTasks >= profile.capacity) return `${candidate.username} is at capacity (${candidate.openTasks} open tasks of ${profile.capacity})`;
  const { caseTypes, languages, regions } = profile.skills;
  if (caseTypes.length > 0 && !caseTypes.includes(needs.caseType)) return `${candidate.username} does not handle ${needs.caseType} cases`;
  if (needs.language && !(languages as readonly string[]).includes(needs.language)) return `${candidate.username} does not work in ${needs.language}`;
  if (needs.region && regions.length > 0 && !regions.includes(needs.region)) return `${candidate.username} does not cover region ${needs.region}`;
  if (needs.authority !== undefined && profile.authorityLimit !== null && profile.authorityLimit < needs.authority) {
    return `${candidate.username}'s authority limit (${profile.authorityLimit}) is below ${needs.authority}`;
  }
  return undefined;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * A person's load: each open task counts 1, one due within a day 2, one already late 3, so work
 * goes first to whoever is least pressed, not merely to whoever holds fewest tasks.
 */
export function weightedLoad(dueDates: readonly string[], at: Date): number {
  const t = at.getTime();
  return dueDates.reduce((load, due) => {
    const left = Date.parse(due) - t;
    return load + (left < 0 ? 3 : left < DAY_MS ? 2 : 1);
  }, 0);
}
