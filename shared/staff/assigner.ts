import { usersInRole } from '../auth/directory.js';
import type { Role } from '../auth/principal.js';
import type { CaseRecord } from '../cases/case-record.js';
import { pinnedVersions } from '../rules/case-decisions.js';
import { decide } from '../rules/decide.js';
import { caseFacts } from '../rules/facts.js';
import type { TaskRecord } from '../tasks/task-record.js';
import { heldTaskDueDates } from '../tasks/task-repository.js';
import { weightedLoad, whyNotEligible, type Candidate, type WorkNeeds } from './eligibility.js';
import { recentProfiles } from './staff-repository.js';
import { defaultProfile, type StaffProfile } from './staff-profile.js';

export const ASSIGNMENT_POLICY = 'assignment-policy';

/** What a task asks of its assignee beyond its queue and case type (kept on the task). */
export type TaskNeeds = Pick<WorkNeeds, 'language' | 'region' | 'authority'>;

export interface Placement {
  /** push: given to the eligible person with the lowest load; pull: left in its queue for the eligible to claim. */
  readonly mode: 'push' | 'pull';
  readonly needs: TaskNeeds;
  readonly decision?: { readonly decisionId: string; readonly version: number; readonly matchedRules: readonly string[] };
}

export const needsOf = (task: Pick<TaskRecord, 'queue' | 'caseType'> & { readonly needs?: TaskNeeds }): WorkNeeds => ({
  queue: task.queue,
  caseType: task.caseType,
  ...task.needs,
});

/**
 * The assignment policy for one task, with the version the case pinned at intake. A case
 * declared before the policy existed pinned none: its tasks stay in their queue, as they did.
 */
export async function placementOf(record: CaseRecord, task: Pick<TaskRecord, 'queue' | 'kind'>, at: Date): Promise<Placement> {
  const version = pinnedVersions(record)[ASSIGNMENT_POLICY];
  if (version === undefined) return { mode: 'pull', needs: {} };
  const decision = await decide(ASSIGNMENT_POLICY, { ...caseFacts(record), taskQueue: task.queue, taskKind: task.kind }, { version }, at);
  const value = (decision.value ?? {}) as { mode?: unknown; language?: unknown; region?: unknown; authority?: unknown };
  const needs: TaskNeeds = {
    ...(typeof value.language === 'string' ? { language: value.language } : {}),
    ...(typeof value.region === 'string' ? { region: value.region } : {}),
    ...(typeof value.authority === 'number' ? { authority: value.authority } : {}),
  };
  return { mode: value.mode === 'push' ? 'push' : 'pull', needs, decision: { decisionId: decision.decisionId, version: decision.version, matchedRules: decision.matchedRules } };
}

// Who holds each role changes with hires and leavers; the directory (Cognito) is asked at most this often.
const ROLE_MEMBERS_MAX_AGE_MS = 15_000;
const roleMembers = new Map<Role, { readAt: number; members: Promise<readonly string[]> }>();

function membersOf(role: Role): Promise<readonly string[]> {
  const hit = roleMembers.get(role);
  if (hit && Date.now() - hit.readAt < ROLE_MEMBERS_MAX_AGE_MS) return hit.members;
  const members = usersInRole(role);
  roleMembers.set(role, { readAt: Date.now(), members });
  members.catch(() => roleMembers.delete(role));
  return members;
}

export function forgetRoleMembers(): void {
  roleMembers.clear();
}

const profileOf = (profiles: Map<string, StaffProfile>, username: string) => profiles.get(username) ?? defaultProfile(username);

/** A person as eligibility sees them now: their profile and the tasks they hold. */
export async function candidate(username: string, roles: readonly Role[]): Promise<Candidate & { dueDates: string[] }> {
  const [profiles, dueDates] = await Promise.all([recentProfiles(), heldTaskDueDates(username)]);
  return { username, roles, profile: profileOf(profiles, username), openTasks: dueDates.length, dueDates };
}

export interface Choice {
  readonly assignee?: string;
  /** Why each member of the queue was passed over (for the supervisor's alert and the history). */
  readonly passedOver: readonly string[];
}

/**
 * The eligible member of the task's queue with the lowest load (open tasks weighted by due date;
 * then fewer tasks, then name, so that the same state gives the same choice). Skills and absences
 * are checked first, and only those left have their baskets read.
 */
export async function chooseAssignee(needs: WorkNeeds, at: Date): Promise<Choice> {
  const role = needs.queue as Role;
  const [members, profiles] = await Promise.all([membersOf(role), recentProfiles()]);
  const passedOver: string[] = [];
  const skilled = members.filter((username) => {
    // Capacity is checked below, with the basket: here only what the profile alone tells.
    const reason = whyNotEligible({ username, roles: [role], profile: profileOf(profiles, username), openTasks: 0 }, needs, at);
    if (reason) passedOver.push(reason);
    return !reason;
  });
  const loads = await Promise.all(
    skilled.map(async (username) => {
      const dueDates = await heldTaskDueDates(username);
      return { username, profile: profileOf(profiles, username), open: dueDates.length, load: weightedLoad(dueDates, at) };
    }),
  );
  const withRoom = loads.filter((person) => {
    const reason = whyNotEligible({ username: person.username, roles: [role], profile: person.profile, openTasks: person.open }, needs, at);
    if (reason) passedOver.push(reason);
    return !reason;
  });
  withRoom.sort((a, b) => a.load - b.load || a.open - b.open || a.username.localeCompare(b.username));
  return { ...(withRoom[0] ? { assignee: withRoom[0].username } : {}), passedOver };
}
