import * as z from 'zod';
import { isoDate, personName, preferredLanguage } from '../case-types/common-fields.js';
import { moneyAmount } from '../payments/money.js';
import { PRODUCT_IDS } from './products.js';

// The registry of members and their coverages, as the fund's systems of record hand it over (CSV
// or FHIR Patient/Coverage): one schema for both sources, so a row is accepted or refused by the
// same rules whatever it came from.

/** The fund's member number: what a claimant's account and every health claim name. */
export const memberNumber = z.string().regex(/^[0-9A-Z]{6,20}$/, 'must be 6 to 20 capital letters or digits');

export const memberSchema = z.strictObject({
  memberNumber,
  firstName: personName,
  lastName: personName,
  birthDate: isoDate,
  language: preferredLanguage,
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+?[0-9 ().-]{6,20}$/, 'must be a phone number').optional(),
  employer: z.string().trim().min(1).max(200).optional(),
});
export type Member = z.infer<typeof memberSchema>;

export const coverageSchema = z
  .strictObject({
    coverageId: z.string().regex(/^[0-9A-Za-z._-]{3,64}$/, 'must be 3 to 64 letters, digits, dots, hyphens or underscores'),
    product: z.enum(PRODUCT_IDS),
    status: z.enum(['active', 'cancelled']).default('active'),
    /** Effective dates, inclusive: the coverage covers an event on a day between them. */
    start: isoDate,
    end: isoDate.optional(),
    /** Since when the member contributes (the contribution duration decisions read); default `start`. */
    contributionStart: isoDate.optional(),
    /** Annual ceilings per envelope for this contract, instead of the product's. */
    ceilings: z.record(z.string().regex(/^[a-z-]{2,40}$/, 'must be an envelope name'), moneyAmount).optional(),
  })
  .refine((c) => !c.end || c.end >= c.start, { message: 'must be on or after the start date', path: ['end'] });
export type Coverage = z.infer<typeof coverageSchema>;

/** One row of an import: a member, and a coverage of theirs when the row carries one. */
export interface ImportRow {
  /** Where the row is in its file, for the report: `line 12`, `entry 3 (Coverage/c-1)`. */
  readonly ref: string;
  readonly member?: unknown;
  readonly coverage?: unknown;
  /** Why the row cannot be read at all (a FHIR resource that is not valid, a missing beneficiary). */
  readonly unreadable?: { readonly field: string; readonly message: string };
  /** How the source names our fields in its report (FHIR: `member.birthDate` is `Patient.birthDate`). */
  readonly fieldNames?: Readonly<Record<string, string>>;
}

export interface RejectedRow {
  readonly ref: string;
  readonly field: string;
  readonly message: string;
}

export interface ImportReport {
  readonly rows: number;
  /** Rows written (new or changed). */
  readonly imported: number;
  /** Rows already in the registry as they are: a re-import changes nothing. */
  readonly unchanged: number;
  readonly rejected: readonly RejectedRow[];
}

/** At most this many rows a request: an import answers within the API's 30 seconds. */
export const MAX_IMPORT_ROWS = 5000;

/** The columns of the registry's CSV (shared/members/csv-rows.ts reads them). */
export const CSV_COLUMNS = [
  'memberNumber', 'firstName', 'lastName', 'birthDate', 'language', 'email', 'phone', 'employer',
  'coverageId', 'product', 'coverageStart', 'coverageEnd', 'contributionStart', 'status', 'ceilings',
] as const;

/** An import: the registry's CSV as text, or a FHIR R4 Bundle (checked against the specification on import). */
export const importMembersBody = z.union([
  z.strictObject({ csv: z.string().min(1).max(4_000_000) }),
  z.strictObject({ bundle: z.looseObject({ resourceType: z.string() }) }),
]);
export type ImportMembersBody = z.infer<typeof importMembersBody>;

/** A member's record: by member number, or `me`, the caller's own (a claimant's token names it). */
export const memberParams = z.strictObject({ memberId: z.union([z.literal('me'), memberNumber]) });

export const memberSearchQuery = z.strictObject({
  q: z.string().trim().min(2, 'must be at least 2 characters').max(100),
});
export type MemberSearchQuery = z.infer<typeof memberSearchQuery>;
