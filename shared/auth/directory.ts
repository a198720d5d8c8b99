import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { config } from '../config.js';
import { ROLES, type Role } from './principal.js';

/**
 * Who the staff are, so that work is only ever handed to someone who exists and holds the role
 * (a task given to an unknown name would be lost). In AWS the Cognito user pool answers; the
 * local runtime, which has no user pool, passes its demo users in STAFF_DIRECTORY.
 */
const staticDirectory = z.record(z.string(), z.array(z.string()));

let cognito: CognitoIdentityProviderClient | undefined;
let fixed: Map<string, readonly string[]> | undefined;

export async function rolesOf(username: string): Promise<readonly Role[] | undefined> {
  const { USER_POOL_ID, AWS_REGION, STAFF_DIRECTORY } = config();
  let groups: readonly string[] | undefined;
  if (USER_POOL_ID) {
    cognito ??= new CognitoIdentityProviderClient({ region: AWS_REGION });
    try {
      const result = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: USER_POOL_ID, Username: username }));
      groups = (result.Groups ?? []).map((g) => g.GroupName ?? '');
    } catch (error) {
      if (error instanceof UserNotFoundException) return undefined;
      throw error;
    }
  } else {
    fixed ??= new Map(Object.entries(staticDirectory.parse(JSON.parse(STAFF_DIRECTORY))));
    groups = fixed.get(username);
  }
  return groups?.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
}

export function resetDirectoryForTests(): void {
  fixed = undefined;
}
