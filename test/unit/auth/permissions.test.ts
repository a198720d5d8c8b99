import { describe, expect, it } from 'vitest';
import { authorize, authorizeCase, limitedToOwnCases } from '#shared/auth/permissions.js';
import type { Principal, Role } from '#shared/auth/principal.js';
import type { CaseRecord } from '#shared/cases/case-record.js';

const person = (role: Role, userId = `${role}-id`): Principal => ({ userId, username: role, roles: [role] });
const caseOwnedBy = (ownerId: string) => ({ caseId: 'C1', ownerId }) as unknown as CaseRecord;

describe('the permission model', () => {
  it('lets claimants and agents declare, and no one else', () => {
    expect(() => authorize(person('claimant'), 'case:declare')).not.toThrow();
    expect(() => authorize(person('agent'), 'case:declare')).not.toThrow();
    for (const role of ['expert', 'supervisor', 'ops'] as const) {
      expect(() => authorize(person(role), 'case:declare')).toThrow(expect.objectContaining({ status: 403 }));
    }
  });

  it("answers 404, not 403, to a claimant asking for someone else's case", () => {
    expect(() => authorizeCase(person('claimant', 'c1'), 'case:read', caseOwnedBy('c2'))).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('lets the owner and any staff member read a case', () => {
    expect(authorizeCase(person('claimant', 'c1'), 'case:read', caseOwnedBy('c1')).caseId).toBe('C1');
    for (const role of ['agent', 'expert', 'supervisor', 'ops'] as const) {
      expect(authorizeCase(person(role), 'case:read', caseOwnedBy('c1')).caseId).toBe('C1');
    }
  });

  it('answers 404 for a case that does not exist', () => {
    expect(() => authorizeCase(person('agent'), 'case:read', undefined)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('limits claimants, and only them, to their own cases in lists', () => {
    expect(limitedToOwnCases(person('claimant'), 'case:list')).toBe(true);
    expect(limitedToOwnCases(person('supervisor'), 'case:list')).toBe(false);
  });
});
