import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, NumberValue, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import canonicalize from 'canonicalize';
import { dynamo } from '../aws/clients.js';
import { queryAll } from '../aws/query-all.js';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { config } from '../config.js';
import type { Coverage, Member } from './member-record.js';
import {
  CEILING_PREFIX,
  ceilingSk,
  COVERAGE_PREFIX,
  coverageSk,
  MEMBER_CASE_PREFIX,
  MEMBER_READ_PREFIX,
  MEMBER_SK,
  memberCaseSk,
  memberPk,
  memberSearchPk,
  memberSearchShard,
  searchNameOf,
} from './member-keys.js';

const table = () => config().TABLE_NAME;

export interface StoredCoverage extends Coverage {
  readonly memberNumber: string;
}

/** A case of the member's, as its link item holds it (the case item says the rest). */
export interface MemberCaseLink {
  readonly caseId: string;
  readonly type: string;
  readonly createdAt: string;
}

/** The year's consumption of one ceiling. */
export interface CeilingUse {
  readonly year: number;
  readonly envelope: string;
  readonly consumed: string;
  readonly payments: number;
}

/** Everything the registry holds about one member: one Query. */
export interface MemberFile {
  readonly member: Member & { readonly importedAt: string };
  readonly coverages: readonly StoredCoverage[];
  readonly cases: readonly MemberCaseLink[];
  readonly ceilings: readonly CeilingUse[];
}

export const contentHash = (value: unknown) => createHash('sha256').update(canonicalize(value) ?? '').digest('hex').slice(0, 32);

export async function getMemberFile(memberNumber: string): Promise<MemberFile | undefined> {
  // Every item of the partition but the read log (READ# sorts after the rest).
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND sk < :reads',
    ExpressionAttributeValues: { ':pk': memberPk(memberNumber), ':reads': MEMBER_READ_PREFIX },
  });
  const identity = items.find((i) => i.sk === MEMBER_SK);
  if (!identity) return undefined;
  const of = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix));
  return {
    member: stripKeys(identity) as unknown as MemberFile['member'],
    coverages: of(COVERAGE_PREFIX).map((i) => stripKeys(i) as unknown as StoredCoverage),
    cases: of(MEMBER_CASE_PREFIX)
      .map((i) => ({ caseId: String(i.caseId), type: String(i.type), createdAt: String(i.createdAt) }))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)),
    ceilings: of(CEILING_PREFIX).map((i) => ({ year: Number(i.year), envelope: String(i.envelope), consumed: String(i.consumed ?? '0'), payments: Number(i.payments ?? 0) })),
  };
}

export async function getMember(memberNumber: string): Promise<(Member & { importedAt: string }) | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: memberPk(memberNumber), sk: MEMBER_SK } }));
  return Item ? (stripKeys(Item) as unknown as Member & { importedAt: string }) : undefined;
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, entity: _e, contentHash: _h, ...rest } = item;
  return rest;
}

export type RowWrite = 'written' | 'unchanged';

/** A member's item as the registry stores it: searchable by name, with the hash of what it holds. */
export function memberItem(member: Member, at: Date) {
  return {
    pk: memberPk(member.memberNumber),
    sk: MEMBER_SK,
    entity: 'member',
    ...member,
    contentHash: contentHash(member),
    importedAt: at.toISOString(),
    gsi2pk: memberSearchPk(memberSearchShard(member.memberNumber)),
    gsi2sk: `${searchNameOf(member)}#${member.memberNumber}`,
  };
}

export function coverageItem(memberNumber: string, coverage: Coverage, at: Date) {
  return { pk: memberPk(memberNumber), sk: coverageSk(coverage.coverageId), entity: 'coverage', memberNumber, ...coverage, contentHash: contentHash(coverage), importedAt: at.toISOString() };
}

/**
 * Writes a member and, when given, one coverage of theirs, in one transaction: a row is applied
 * whole or not at all. Each item keeps the hash of what it was written from, so importing the
 * same file again reads two items and writes nothing.
 */
export async function writeMemberRow(member: Member, coverage: Coverage | undefined, at: Date): Promise<RowWrite> {
  const items = [memberItem(member, at), ...(coverage ? [coverageItem(member.memberNumber, coverage, at)] : [])];
  const keys = items.map(({ pk, sk }) => ({ pk, sk }));
  const found = await dynamo().send(new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys, ProjectionExpression: 'sk, contentHash' } } }));
  const hashes = new Map((found.Responses?.[table()] ?? []).map((i) => [String(i.sk), i.contentHash]));
  const writes: LinkedWrite[] = items.filter((item) => hashes.get(item.sk) !== item.contentHash).map((Item) => ({ Put: { TableName: table(), Item } }));
  if (writes.length === 0) return 'unchanged';
  await dynamo().send(new TransactWriteCommand({ TransactItems: writes }));
  return 'written';
}

const SEARCH_LIMIT = 20;

/** Members whose "last first" name starts with the prefix (already normalised), in name order. */
export async function membersByNamePrefix(prefix: string, limit = SEARCH_LIMIT): Promise<Member[]> {
  const perShard = await Promise.all(
    Array.from({ length: LISTING_SHARDS }, (_, shard) =>
      dynamo().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'gsi2',
          // The same range as begins_with; DynamoDB Local reads a begins_with over the whole
          // partition, a BETWEEN through its index (the real service does both in the range).
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': memberSearchPk(shard), ':from': prefix, ':to': `${prefix}\uffff` },
          Limit: limit,
        }),
      ),
    ),
  );
  return perShard
    .flatMap((page) => page.Items ?? [])
    .sort((a, b) => (String(a.gsi2sk) < String(b.gsi2sk) ? -1 : 1))
    .slice(0, limit)
    .map((i) => stripKeys(i) as unknown as Member);
}

/** The link from a member to a new case: written in the transaction that writes the case. */
export function memberCaseLinkWrite(memberNumber: string, link: MemberCaseLink): LinkedWrite {
  return { Put: { TableName: table(), Item: { pk: memberPk(memberNumber), sk: memberCaseSk(link.caseId), entity: 'member-case', memberNumber, ...link } } };
}

/**
 * Adds a payment to the member's consumption of a ceiling, on condition that it stays within the
 * ceiling: linked to the write that commits the payment, so two payments racing for the last
 * euros of a ceiling cannot both pass.
 */
export function ceilingWrite(memberNumber: string, year: number, envelope: string, amount: string, room: string): LinkedWrite {
  return {
    Update: {
      TableName: table(),
      Key: { pk: memberPk(memberNumber), sk: ceilingSk(year, envelope) },
      // `consumed` and `year` are DynamoDB reserved words: named through placeholders.
      UpdateExpression: 'ADD #consumed :amount, payments :one SET entity = :entity, envelope = :envelope, #year = :year',
      ConditionExpression: 'attribute_not_exists(#consumed) OR #consumed <= :room',
      ExpressionAttributeNames: { '#year': 'year', '#consumed': 'consumed' },
      ExpressionAttributeValues: { ':amount': NumberValue.from(amount), ':one': 1, ':entity': 'member-ceiling', ':envelope': envelope, ':year': year, ':room': NumberValue.from(room) },
    },
  };
}
