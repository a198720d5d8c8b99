import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { STAFF_ROLES } from './principal.js';

/**
 * Staff see medical and financial data about people: their roles only reach a token when the
 * person signs in with a second factor. The user pool offers MFA to everyone (claimants sign in
 * with a password); a person who has set up an authenticator app is always asked for it by
 * Cognito, so "has TOTP" means "passed TOTP". Staff without it get a token with their other
 * groups only, and the API then treats them as having no staff role (403), until they set it up.
 */
const cognito = new CognitoIdentityProviderClient({});

export function isStaffGroup(group: string): boolean {
  return (STAFF_ROLES as readonly string[]).includes(group);
}

export async function hasSoftwareTokenMfa(userPoolId: string, username: string): Promise<boolean> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  return (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
}

/** The groups a token may carry: all of them with MFA, none of the staff ones without. */
export async function groupsForToken(userPoolId: string, username: string, groups: readonly string[]): Promise<{ groups: string[]; withheld: string[] }> {
  const staff = groups.filter(isStaffGroup);
  if (staff.length === 0 || (await hasSoftwareTokenMfa(userPoolId, username))) return { groups: [...groups], withheld: [] };
  return { groups: groups.filter((g) => !isStaffGroup(g)), withheld: staff };
}
