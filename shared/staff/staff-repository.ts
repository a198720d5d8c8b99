import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { dynamo } from '../aws/clients.js';
import { queryAll, queryAllMetered } from '../aws/query-all.js';
import type { Actor } from '../cases/case-record.js';
import { config } from '../config.js';
import { conflict } from '../errors.js';
import type { StaffProfile, StaffProfileBody } from './staff-profile.js';

// Profiles share one partition: the assigner and the board read them all in one Query (a few
// hundred small items), and nothing else writes there often. Each edit leaves an entry in the
// person's change log, in the same transaction, so the profile never changes unaudited.
const STAFF_PK = 'STAFF';
const profileSk = (username: string) => `PROFILE#${username}`;
const changeLogPk = (username: string) => `STAFFLOG#${username}`;
const table = () => config().TABLE_NAME;

export interface ProfileChange {
  readonly at: string;
  readonly actor: Actor;
  readonly before: Omit<StaffProfile, 'username' | 'version' | 'updatedAt' | 'updatedBy'> | null;
  readonly after: Omit<StaffProfile, 'username' | 'version' | 'updatedAt' | 'updatedBy'>;
}

function toProfile(item: Record<string, unknown>): StaffProfile {
  const { pk: _p, sk: _s, entity: _e, ...profile } = item;
  return profile as unknown as StaffProfile;
}

const described = ({ skills, authorityLimit, capacity, absences }: StaffProfile) => ({ skills, authorityLimit, capacity, absences });

export async function listProfiles(): Promise<StaffProfile[]> {
  return (await listProfilesMetered()).profiles;
}

/** The same, with the read units it cost (the workload board reports its whole cost). */
export async function listProfilesMetered(): Promise<{ profiles: StaffProfile[]; readUnits: number }> {
  const { items, readUnits } = await queryAllMetered({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :profile)',
    ExpressionAttributeValues: { ':pk': STAFF_PK, ':profile': 'PROFILE#' },
  });
  return { profiles: items.map(toProfile), readUnits };
}

export async function getProfile(username: string): Promise<StaffProfile | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: STAFF_PK, sk: profileSk(username) }, ConsistentRead: true }));
  return Item ? toProfile(Item) : undefined;
}

// The assigner reads every profile at each task it places: a warm Lambda keeps them this long.
// Profiles change a few times a day (an absence, a new skill); loads are always read fresh.
const PROFILES_MAX_AGE_MS = 15_000;
let cached: { readonly readAt: number; readonly profiles: Promise<Map<string, StaffProfile>> } | undefined;

export function recentProfiles(): Promise<Map<string, StaffProfile>> {
  const at = Date.now();
  if (!cached || at - cached.readAt >= PROFILES_MAX_AGE_MS) {
    const mine = { readAt: at, profiles: listProfiles().then((list) => new Map(list.map((p) => [p.username, p]))) };
    cached = mine;
    mine.profiles.catch(() => {
      if (cached === mine) cached = undefined;
    });
  }
  return cached.profiles;
}

export function forgetRecentProfiles(): void {
  cached = undefined;
}

/**
 * Saves a profile if nobody changed it since `expectedVersion` (0: nobody described the person
 * yet), with the change-log entry saying who changed what.
 */
export async function saveProfile(actor: Actor, username: string, body: StaffProfileBody, previous: StaffProfile | undefined, at: Date): Promise<StaffProfile> {
  const { expectedVersion, ...fields } = body;
  const absences = fields.absences.map((absence) => {
    // An absence already applied stays applied: its tasks moved once, they do not move again.
    const same = previous?.absences.find((p) => p.from === absence.from && p.to === absence.to && p.delegate === absence.delegate);
    return same?.appliedAt ? { ...absence, appliedAt: same.appliedAt } : absence;
  });
  const profile: StaffProfile = { username, ...fields, absences, version: expectedVersion + 1, updatedAt: at.toISOString(), updatedBy: actor.username };
  const change: ProfileChange = { at: profile.updatedAt!, actor, before: previous && previous.version > 0 ? described(previous) : null, after: described(profile) };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: STAFF_PK, sk: profileSk(username), entity: 'staff-profile', ...profile },
              ...(expectedVersion === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
            },
          },
          { Put: { TableName: table(), Item: { pk: changeLogPk(username), sk: `${change.at}#${ulid(at.getTime())}`, entity: 'staff-change', ...change } } },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw conflict(`The profile of ${username} changed meanwhile (version ${expectedVersion} is no longer the latest): read it again`);
    }
    throw error;
  }
  forgetRecentProfiles();
  return profile;
}

/** The newest changes of a person's profile first. */
export async function profileChanges(username: string, limit = 20): Promise<ProfileChange[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': changeLogPk(username) },
    ScanIndexForward: false,
    Limit: limit,
  });
  return items.slice(0, limit).map(({ at, actor, before, after }) => ({ at, actor, before, after }) as ProfileChange);
}

/** Records that an absence's tasks were moved at its start; false if it already was (another sweep). */
export async function markAbsenceApplied(username: string, index: number, absenceFrom: string, at: Date): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: STAFF_PK, sk: profileSk(username) },
        UpdateExpression: `SET absences[${index}].appliedAt = :at`,
        ConditionExpression: `absences[${index}].#from = :from AND attribute_not_exists(absences[${index}].appliedAt)`,
        ExpressionAttributeNames: { '#from': 'from' },
        ExpressionAttributeValues: { ':at': at.toISOString(), ':from': absenceFrom },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
  forgetRecentProfiles();
  return true;
}

/** Writes a profile as it is, once (the local demo seed); an existing profile is kept. */
export async function seedProfile(profile: StaffProfile): Promise<void> {
  await dynamo()
    .send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: table(), Item: { pk: STAFF_PK, sk: profileSk(profile.username), entity: 'staff-profile', ...profile }, ConditionExpression: 'attribute_not_exists(pk)' } }],
      }),
    )
    .catch((error: unknown) => {
      if (!(error instanceof TransactionCanceledException)) throw error;
    });
}
