import * as z from 'zod';
import { allCaseTypes } from '../case-types/index.js';
import { LANGUAGES } from '../case-types/common-fields.js';

/**
 * What the organisation knows of a staff member beyond their identity (Cognito keeps that, and
 * their roles): what they can handle, how much they may decide, how much work they may hold, and
 * when they are away. The assigner and the claim check read it; supervisors edit it.
 */

export const username = z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'must be a username');
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time' });

export const absenceSchema = z
  .strictObject({
    from: instant,
    to: instant,
    /** Who takes their tasks meanwhile; without one they go back to their queue. */
    delegate: username.optional(),
  })
  .refine((a) => Date.parse(a.from) < Date.parse(a.to), { message: 'must end after it starts', path: ['to'] });

export const skillsSchema = z.strictObject({
  /** Case types they handle; empty: every type. */
  caseTypes: z.array(z.string().refine((id) => allCaseTypes().some((t) => t.id === id), 'must be a case type')).max(20),
  /** Languages they work in (a claimant's language may need one of them). */
  languages: z.array(z.enum(LANGUAGES)).max(LANGUAGES.length),
  /** Region codes they cover; empty: every region. */
  regions: z.array(z.string().regex(/^[0-9A-Za-z-]{1,12}$/, 'must be a region code')).max(100),
});

export const staffProfileBody = z.strictObject({
  skills: skillsSchema,
  /** The highest amount they may decide on; null: no limit. */
  authorityLimit: z.number().min(0).max(1_000_000_000).nullable(),
  /** How many open tasks they may hold at once. */
  capacity: z.number().int().min(0).max(500),
  absences: z.array(absenceSchema).max(20),
  /** The version read before the edit: of two supervisors editing at once, the second gets 409. */
  expectedVersion: z.number().int().min(0),
});
export type StaffProfileBody = z.output<typeof staffProfileBody>;

export type Absence = z.output<typeof absenceSchema> & {
  /** When the scheduler moved their tasks away at its start (set once). */
  readonly appliedAt?: string;
};

export interface StaffProfile {
  readonly username: string;
  readonly skills: z.output<typeof skillsSchema>;
  readonly authorityLimit: number | null;
  readonly capacity: number;
  readonly absences: readonly Absence[];
  /** 0 for a person nobody described yet (the defaults below). */
  readonly version: number;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

/**
 * Someone nobody described yet: any case type and region, but no language and no authority, so
 * work that needs either never goes to them by default, and the usual capacity.
 */
export const DEFAULT_CAPACITY = 25;
export function defaultProfile(user: string): StaffProfile {
  return { username: user, skills: { caseTypes: [], languages: [], regions: [], }, authorityLimit: 0, capacity: DEFAULT_CAPACITY, absences: [], version: 0 };
}

/** The absence under way at an instant, if any. */
export function currentAbsence(profile: Pick<StaffProfile, 'absences'>, at: Date): Absence | undefined {
  const t = at.getTime();
  return profile.absences.find((a) => Date.parse(a.from) <= t && t < Date.parse(a.to));
}
