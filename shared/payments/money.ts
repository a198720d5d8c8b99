import { Decimal } from 'decimal.js';
import * as z from 'zod';

// Money is a decimal string everywhere it is stored or sent ("1234.50"), and decimal.js where it is
// computed: a binary float cannot hold 0.10 exactly, and a fund's ledger must add up to the cent.

/** A positive amount with at most two decimals, as a string. */
export const moneyAmount = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?$/, 'must be a decimal amount such as 125.50')
  .refine((value) => new Decimal(value).gt(0), 'must be more than zero');

export const currencyCode = z.enum(['EUR', 'GBP', 'USD', 'CHF']);

/** Cents, always two decimals: what goes into data, events and the ledger. */
export function toMoney(value: Decimal.Value): string {
  return new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

export function sumMoney(values: readonly Decimal.Value[]): string {
  return toMoney(values.reduce<Decimal>((total, value) => total.plus(value), new Decimal(0)));
}

export { Decimal };
