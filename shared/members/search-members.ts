import { authorize } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { getCase } from '../cases/case-repository.js';
import { normaliseSearch } from '../cases/search-text.js';
import type { Member, MemberSearchQuery } from './member-record.js';
import { memberNumber as memberNumberSchema } from './member-record.js';
import { getMember, membersByNamePrefix } from './member-repository.js';

export { memberSearchQuery } from './member-record.js';

export interface MemberSearchResult {
  readonly members: readonly Pick<Member, 'memberNumber' | 'firstName' | 'lastName' | 'birthDate' | 'employer'>[];
}

const CASE_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * Finds members by member number, by name (the start of "last first" or "first last", without
 * accents or case: "zoe dup" finds Zoé Dupont) or by the id of one of their cases. One read per
 * index shard whatever the registry's size.
 */
export async function searchMembers(principal: Principal, query: MemberSearchQuery): Promise<MemberSearchResult> {
  authorize(principal, 'members:search');
  const q = query.q;
  const found: Member[] = [];
  const upper = q.toUpperCase();
  if (CASE_ID.test(upper)) {
    const record = await getCase(upper);
    const number = (record as { memberNumber?: string } | undefined)?.memberNumber;
    const member = number ? await getMember(number) : undefined;
    if (member) found.push(member);
  }
  if (memberNumberSchema.safeParse(upper).success) {
    const member = await getMember(upper);
    if (member) found.push(member);
  }
  // A number or a case id that names someone is the answer: no name starts with it.
  if (found.length) return { members: found.map(summaryOf) };
  const words = normaliseSearch(q).split(/\s+/).filter(Boolean);
  const prefixes = new Set([words.join(' '), ...(words.length > 1 ? [[...words.slice(1), words[0]].join(' ')] : [])]);
  for (const members of await Promise.all([...prefixes].map((p) => membersByNamePrefix(p)))) found.push(...members);
  const unique = [...new Map(found.map((m) => [m.memberNumber, m])).values()].slice(0, 20);
  return { members: unique.map(summaryOf) };
}

const summaryOf = ({ memberNumber, firstName, lastName, birthDate, employer }: Member) => ({ memberNumber, firstName, lastName, birthDate, ...(employer ? { employer } : {}) });
