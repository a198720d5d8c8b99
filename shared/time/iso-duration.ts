// ISO 8601 durations (P10D, PT4H, P1DT30M, P1W) as the rules, SLA targets and the local clock write
// them. Parsed here rather than with a date library so the functions that read a target do not
// carry one; the grammar is the one ISO 8601 and XML Schema's xs:duration give, with one sign.

export interface IsoDuration {
  readonly negative: boolean;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const NUMBER = '(\\d+(?:[.,]\\d+)?)';
const ISO_DURATION = new RegExp(`^(-)?P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`);

/** The duration's parts, or undefined when the text is not an ISO 8601 duration (no part at all,
 *  "T" with nothing after it, a unit out of order...). */
export function parseIsoDuration(text: unknown): IsoDuration | undefined {
  if (typeof text !== 'string') return undefined;
  const match = ISO_DURATION.exec(text);
  if (!match || text.endsWith('T')) return undefined;
  const [, sign, ...values] = match;
  if (values.every((value) => value === undefined)) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = values.map((value) => (value === undefined ? 0 : Number(value.replace(',', '.'))));
  return { negative: sign === '-', years: years!, months: months!, weeks: weeks!, days: days!, hours: hours!, minutes: minutes!, seconds: seconds! };
}

const DAY_MS = 86_400_000;

/** Its length in ms with a month of 30 days and a year of 365, as a clock that moves by a duration
 *  reads it (signed). */
export function approximateMs(duration: IsoDuration): number {
  const days = duration.years * 365 + duration.months * 30 + duration.weeks * 7 + duration.days;
  const ms = days * DAY_MS + duration.hours * 3_600_000 + duration.minutes * 60_000 + duration.seconds * 1000;
  return Math.round(duration.negative ? -ms : ms);
}
