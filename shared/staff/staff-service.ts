import * as z from 'zod';
import { rolesOf, usersInRole } from '../auth/directory.js';
import { authorize } from '../auth/permissions.js';
import type { Principal, Role } from '../auth/principal.js';
import { actorOf } from '../cases/declare-case.js';
import { now } from '../clock.js';
import { STAFF_QUEUES } from '../dashboard/kpi-day-layout.js';
import { badRequest, notFound } from '../errors.js';
import { getProfile, listProfiles, profileChanges, saveProfile, type ProfileChange } from './staff-repository.js';
import { currentAbsence, defaultProfile, username, type StaffProfile, type StaffProfileBody } from './staff-profile.js';

export const staffParams = z.strictObject({ userId: username });

const WORKING_ROLES: readonly Role[] = STAFF_QUEUES;

/** Everyone who works cases (the directory's agents, experts and supervisors) → their roles among those. */
export async function workingStaff(): Promise<Map<string, Role[]>> {
  const members = await Promise.all(WORKING_ROLES.map(async (role) => ({ role, users: await usersInRole(role) })));
  const roles = new Map<string, Role[]>();
  for (const { role, users } of members) for (const user of users) roles.set(user, [...(roles.get(user) ?? []), role]);
  return roles;
}

export interface StaffMember extends Omit<StaffProfile, 'username'> {
  readonly userId: string;
  readonly roles: readonly Role[];
  /** False for someone nobody described yet: they have the defaults (no language, no authority). */
  readonly described: boolean;
  readonly absentNow: boolean;
}

const member = (userId: string, roles: readonly Role[], profile: StaffProfile | undefined, at: Date): StaffMember => {
  const { username: _u, ...rest } = profile ?? defaultProfile(userId);
  return { userId, roles, ...rest, described: profile !== undefined, absentNow: currentAbsence(rest, at) !== undefined };
};

/** Everyone who works cases (the directory's agents, experts and supervisors), with their profile. */
export async function listStaff(principal: Principal, at: Date = now()): Promise<StaffMember[]> {
  authorize(principal, 'staff:read');
  const [roles, profiles] = await Promise.all([workingStaff(), listProfiles()]);
  const byUser = new Map(profiles.map((p) => [p.username, p]));
  // Someone who left the directory keeps a profile nobody reads; they are not staff any more.
  return [...roles.keys()].sort().map((userId) => member(userId, roles.get(userId)!, byUser.get(userId), at));
}

async function staffRoles(userId: string): Promise<readonly Role[]> {
  const roles = (await rolesOf(userId))?.filter((r) => WORKING_ROLES.includes(r));
  if (!roles?.length) throw notFound('Staff member');
  return roles;
}

export async function getStaffMember(principal: Principal, userId: string, at: Date = now()): Promise<StaffMember & { changes: ProfileChange[] }> {
  authorize(principal, 'staff:read');
  const roles = await staffRoles(userId);
  const [profile, changes] = await Promise.all([getProfile(userId), profileChanges(userId)]);
  return { ...member(userId, roles, profile, at), changes };
}

/**
 * A supervisor's edit of someone's skills, authority, capacity or absences. Delegates must be
 * colleagues who can take the work (a shared role), absences may not overlap; the edit applies
 * only over the version the supervisor read, and goes into the person's change log.
 */
export async function putStaffMember(principal: Principal, userId: string, body: StaffProfileBody, at: Date = now()): Promise<StaffMember> {
  authorize(principal, 'staff:edit');
  const roles = await staffRoles(userId);
  for (const [i, absence] of body.absences.entries()) {
    if (!absence.delegate) continue;
    const field = `absences.${i}.delegate`;
    if (absence.delegate === userId) throw badRequest(`Invalid body: ${field}`, [{ field, message: 'cannot be the absent person' }]);
    const theirs = (await rolesOf(absence.delegate)) ?? [];
    if (!theirs.some((r) => roles.includes(r))) throw badRequest(`Invalid body: ${field}`, [{ field, message: `must be a colleague in one of the queues ${roles.join(', ')}` }]);
  }
  const sorted = [...body.absences].map((a, i) => ({ a, i })).sort((x, y) => x.a.from.localeCompare(y.a.from));
  for (let k = 1; k < sorted.length; k++) {
    if (Date.parse(sorted[k]!.a.from) < Date.parse(sorted[k - 1]!.a.to)) {
      const field = `absences.${sorted[k]!.i}.from`;
      throw badRequest(`Invalid body: ${field}`, [{ field, message: 'overlaps another absence' }]);
    }
  }
  const previous = await getProfile(userId);
  const saved = await saveProfile(actorOf(principal, 'supervisor'), userId, body, previous, at);
  return member(userId, roles, saved, at);
}
