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
