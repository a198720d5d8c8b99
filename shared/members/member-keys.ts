import { createHash } from 'node:crypto';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import { normaliseSearch } from '../cases/search-text.js';

// Key layout of the registry (docs/data-model.md): everything about a member under one partition,
// so the person view is one Query however large the registry grows.
//   MEMBER#<n> / MEMBER                       identity; gsi2 MEMBERS#<shard> / <name>#<n> (search by name)
//   MEMBER#<n> / COVERAGE#<coverageId>        a coverage, effective-dated
//   MEMBER#<n> / CASE#<caseId>                a case of the member's (written with the case)
//   MEMBER#<n> / CEILING#<year>#<envelope>    what the year's payments consumed of a ceiling
//   MEMBER#<n> / READ#<at>#<id>               who opened the person view, when
export const memberPk = (memberNumber: string) => `MEMBER#${memberNumber}`;
export const MEMBER_SK = 'MEMBER';
export const COVERAGE_PREFIX = 'COVERAGE#';
export const coverageSk = (coverageId: string) => `${COVERAGE_PREFIX}${coverageId}`;
export const MEMBER_CASE_PREFIX = 'CASE#';
export const memberCaseSk = (caseId: string) => `${MEMBER_CASE_PREFIX}${caseId}`;
export const CEILING_PREFIX = 'CEILING#';
export const ceilingSk = (year: number, envelope: string) => `${CEILING_PREFIX}${year}#${envelope}`;
export const MEMBER_READ_PREFIX = 'READ#';

export const memberSearchPk = (shard: number) => `MEMBERS#${shard}`;

export function memberSearchShard(memberNumber: string): number {
  return createHash('sha256').update(`member#${memberNumber}`).digest()[0]! % LISTING_SHARDS;
}

/** Last name then first name, lower case, without accents: what a search by name matches the start of. */
export function searchNameOf(member: { readonly firstName: string; readonly lastName: string }): string {
  return normaliseSearch(`${member.lastName} ${member.firstName}`).replace(/\s+/g, ' ').trim();
}
