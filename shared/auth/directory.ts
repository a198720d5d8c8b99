import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { config } from '../config.js';
import { ROLES, type Role } from './principal.js';

/**
 * Who the staff are, so that work is only ever handed to someone who exists and holds the role
 * (a task given to an unknown name would be lost), and how to reach them. In AWS the Cognito
 * user pool answers; the local runtime, which has no user pool, passes its demo users in
 * STAFF_DIRECTORY: {username: [groups]} or {username: {groups, sub, email, language, timeZone}}.
 */
const staticEntry = z.union([
  z.array(z.string()).transform((groups) => ({ groups, sub: undefined, email: undefined, language: undefined, timeZone: undefined })),
  z.object({ groups: z.array(z.string()), sub: z.string().optional(), email: z.email().optional(), language: z.string().optional(), timeZone: z.string().optional() }),
]);
const staticDirectory = z.record(z.string(), staticEntry);
type StaticEntry = z.output<typeof staticEntry>;

/** How to reach a person: their user id (the token's `sub`) for the portal, an address, a language. */
export interface Contact {
  readonly userId?: string;
  readonly email?: string;
  /** As the directory holds it (Cognito's `locale`, e.g. `fr-FR`); renderers pick what they support. */
  readonly language: string;
  /** Where they are by the clock (Cognito's `zoneinfo`, an IANA zone): deadlines are written in their time. */
  readonly timeZone?: string;
}

// Without a language of their own, people get the messages' fallback language.
const DEFAULT_LANGUAGE = 'en';

let cognito: CognitoIdentityProviderClient | undefined;
let fixed: Map<string, StaticEntry> | undefined;

function userPool(): { client: CognitoIdentityProviderClient; poolId: string } | undefined {
  const { USER_POOL_ID, AWS_REGION } = config();
  if (!USER_POOL_ID) return undefined;
  cognito ??= new CognitoIdentityProviderClient({ region: AWS_REGION });
  return { client: cognito, poolId: USER_POOL_ID };
}

function staticUsers(): Map<string, StaticEntry> {
  fixed ??= new Map(Object.entries(staticDirectory.parse(JSON.parse(config().STAFF_DIRECTORY))));
  return fixed;
}

const asRoles = (groups: readonly string[]) => groups.filter((g): g is Role => (ROLES as readonly string[]).includes(g));

export async function rolesOf(username: string): Promise<readonly Role[] | undefined> {
  const pool = userPool();
  if (!pool) {
    const groups = staticUsers().get(username)?.groups;
    return groups ? asRoles(groups) : undefined;
  }
  try {
    const result = await pool.client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.poolId, Username: username }));
    return asRoles((result.Groups ?? []).map((g) => g.GroupName ?? ''));
  } catch (error) {
    if (error instanceof UserNotFoundException) return undefined;
    throw error;
  }
}

/** Usernames of everyone who holds a role (disabled accounts left out). */
export async function usersInRole(role: Role): Promise<readonly string[]> {
  const pool = userPool();
  if (!pool) return [...staticUsers()].filter(([, entry]) => entry.groups.includes(role)).map(([username]) => username);
  const usernames: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await pool.client.send(new ListUsersInGroupCommand({ UserPoolId: pool.poolId, GroupName: role, NextToken: nextToken }));
    for (const user of page.Users ?? []) if (user.Username && user.Enabled !== false) usernames.push(user.Username);
    nextToken = page.NextToken;
  } while (nextToken);
  return usernames;
}

/** How to reach someone, or undefined when nobody has that username. */
export async function contactOf(username: string): Promise<Contact | undefined> {
  const pool = userPool();
  if (!pool) {
    const entry = staticUsers().get(username);
    return entry ? { userId: entry.sub, email: entry.email, language: entry.language ?? DEFAULT_LANGUAGE, ...(entry.timeZone ? { timeZone: entry.timeZone } : {}) } : undefined;
  }
  try {
    const user = await pool.client.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }));
    if (user.Enabled === false) return undefined;
    const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    // An address nobody confirmed may be someone else's: mail goes only to verified ones.
    const email = attribute('email_verified') === 'true' ? attribute('email') : undefined;
    const timeZone = attribute('zoneinfo');
    return { userId: attribute('sub'), email, language: attribute('locale') ?? DEFAULT_LANGUAGE, ...(timeZone ? { timeZone } : {}) };
  } catch (error) {
    if (error instanceof UserNotFoundException) return undefined;
    throw error;
  }
}

export function resetDirectoryForTests(): void {
  fixed = undefined;
}
