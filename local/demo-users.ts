import type { Role } from '#shared/auth/principal.js';
import type { StaffProfile } from '#shared/staff/staff-profile.js';

export interface DemoUser {
  readonly username: string;
  readonly sub: string;
  readonly groups: readonly Role[];
  readonly displayName: string;
  readonly email: string;
  /** For staff, the language of their notifications (a claimant's comes from each case's data). */
  readonly language: string;
  /** For staff, the clock of their notifications' deadlines (Cognito's `zoneinfo`); absent, the fund's. */
  readonly timeZone?: string;
  /** For claimants, their member number in the registry (Cognito's `custom:member_number`). */
  readonly memberNumber?: string;
}

// The seeded people of ../API.md, password `demo` for each. Their `sub` is fixed so that data
// kept in .local/ across restarts still belongs to the same person.
export const DEMO_PASSWORD = 'demo';

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'claimant1', sub: '7d1c1a4e-0001-4c1a-9a11-000000000001', groups: ['claimant'], displayName: 'Camille Martin', email: 'claimant1@dossier.example', language: 'fr', memberNumber: 'M0012345' },
  { username: 'claimant2', sub: '7d1c1a4e-0002-4c1a-9a11-000000000002', groups: ['claimant'], displayName: 'Karim Haddad', email: 'claimant2@dossier.example', language: 'en', memberNumber: 'M0099999' },
  { username: 'agent1', sub: '7d1c1a4e-0003-4c1a-9a11-000000000003', groups: ['agent'], displayName: 'Alice Agent', email: 'agent1@dossier.example', language: 'fr' },
  { username: 'agent2', sub: '7d1c1a4e-0004-4c1a-9a11-000000000004', groups: ['agent'], displayName: 'Bruno Agent', email: 'agent2@dossier.example', language: 'fr' },
  { username: 'expert1', sub: '7d1c1a4e-0005-4c1a-9a11-000000000005', groups: ['expert'], displayName: 'Dr Elise Expert', email: 'expert1@dossier.example', language: 'fr' },
  { username: 'supervisor1', sub: '7d1c1a4e-0006-4c1a-9a11-000000000006', groups: ['supervisor'], displayName: 'Dr Serge Supervisor', email: 'supervisor1@dossier.example', language: 'en', timeZone: 'Europe/London' },
  { username: 'ops1', sub: '7d1c1a4e-0007-4c1a-9a11-000000000007', groups: ['ops'], displayName: 'Olga Ops', email: 'ops1@dossier.example', language: 'en' },
];

export function findDemoUser(username: string): DemoUser | undefined {
  return DEMO_USERS.find((u) => u.username === username);
}

/**
 * The demo staff's profiles (shared/staff/), written at start when missing: Bruno works in Arabic
 * too and may decide up to 20,000, Alice up to 5,000, so an Arabic claim above 5,000 goes to him.
 */
export const DEMO_STAFF_PROFILES: readonly StaffProfile[] = [
  { username: 'agent1', skills: { caseTypes: [], languages: ['fr', 'en'], regions: [] }, authorityLimit: 5000, capacity: 60, absences: [], version: 1 },
  { username: 'agent2', skills: { caseTypes: [], languages: ['fr', 'en', 'ar'], regions: [] }, authorityLimit: 20000, capacity: 60, absences: [], version: 1 },
  { username: 'expert1', skills: { caseTypes: [], languages: ['fr', 'en'], regions: [] }, authorityLimit: null, capacity: 60, absences: [], version: 1 },
  { username: 'supervisor1', skills: { caseTypes: [], languages: ['fr', 'en', 'ar', 'de', 'es', 'it'], regions: [] }, authorityLimit: null, capacity: 60, absences: [], version: 1 },
].map((profile) => ({ ...profile, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'demo-seed' }) as StaffProfile);
