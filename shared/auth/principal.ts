import { unauthorized } from '../errors.js';

export const ROLES = ['claimant', 'agent', 'expert', 'supervisor', 'ops'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['agent', 'expert', 'supervisor', 'ops'];

/** Who is calling, as established by the JWT authorizer (Cognito in AWS, the local login locally). */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly Role[];
  /**
   * A claimant's member number in the fund's registry (the `member_number` claim, from the
   * account's `custom:member_number` attribute): their own record, and the member of what they declare.
   */
  readonly memberNumber?: string;
}

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * API Gateway's HTTP API JWT authorizer hands array claims to Lambda as a bracketed,
 * space-separated string ("[agent supervisor]"), not as an array; tokens read elsewhere carry
 * real arrays. Both forms are accepted here, and only here.
 */
export function parseGroupsClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const inner = trimmed.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        return (JSON.parse(trimmed) as unknown[]).map(String);
      } catch {
        // fall through to the space-separated form
      }
    }
    return inner.split(/[\s,]+/).filter(Boolean);
  }
  return trimmed ? trimmed.split(/[\s,]+/) : [];
}

export function principalFromClaims(claims: Claims | undefined): Principal {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || !sub) throw unauthorized();
  const username = claims?.['cognito:username'] ?? claims?.username ?? sub;
  const roles = parseGroupsClaim(claims?.['cognito:groups']).filter((g): g is Role =>
    (ROLES as readonly string[]).includes(g),
  );
  const memberNumber = claims?.member_number;
  return { userId: sub, username: String(username), roles, ...(typeof memberNumber === 'string' && memberNumber ? { memberNumber } : {}) };
}

export function hasRole(principal: Principal, ...roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}

export function isStaff(principal: Principal): boolean {
  return hasRole(principal, ...STAFF_ROLES);
}
