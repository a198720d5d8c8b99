import { describe, expect, it } from 'vitest';
import { parseGroupsClaim, principalFromClaims } from '#shared/auth/principal.js';

describe('the groups claim', () => {
  it('reads the bracketed string API Gateway hands to Lambda', () => {
    expect(parseGroupsClaim('[agent supervisor]')).toEqual(['agent', 'supervisor']);
  });

  it('reads a real array, as in a decoded token', () => {
    expect(parseGroupsClaim(['expert'])).toEqual(['expert']);
  });

  it('reads a JSON array string and a single group', () => {
    expect(parseGroupsClaim('["ops","agent"]')).toEqual(['ops', 'agent']);
    expect(parseGroupsClaim('claimant')).toEqual(['claimant']);
  });

  it('gives no group for a missing or empty claim', () => {
    expect(parseGroupsClaim(undefined)).toEqual([]);
    expect(parseGroupsClaim('[]')).toEqual([]);
  });
});

describe('the principal', () => {
  it('keeps only the roles the system knows', () => {
    const principal = principalFromClaims({ sub: 'u1', username: 'agent1', 'cognito:groups': '[agent admins]' });
    expect(principal).toEqual({ userId: 'u1', username: 'agent1', roles: ['agent'] });
  });

  it('refuses claims without a subject with a 401', () => {
    expect(() => principalFromClaims({ username: 'x' })).toThrow(expect.objectContaining({ status: 401 }));
  });
});
