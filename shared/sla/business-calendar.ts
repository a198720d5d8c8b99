import { parseIsoDuration } from '../time/iso-duration.js';
import { InvalidCalendarError, parseCalendarDefinition, type CalendarDefinition } from './calendar-definition.js';
import { calendarFiles } from './calendar-files.js';
import { missingHolidayDates, publicHolidayDates } from './public-holidays.js';
import { isValidTimeZone, wallClockToInstant, zoneOffsetMinutes } from './time-zone.js';

// SLA targets count business time: weekends, public holidays and closure days do not count. Every
// business day counts as exactly one day (86,400,000 "business ms") whatever its real length, so
// "P7D" means seven working days, and a deadline keeps its local time of day when the clocks
// change on a day that does not count (in France and Britain they change on Sundays).

const DAY_MS = 86_400_000;
const WEEK_DAYS = 5;

export interface BusinessCalendar {
  readonly id: string;
  readonly timeZone: string;
  /** Whether a local date (YYYY-MM-DD in the calendar's zone) is a working day. */
  isBusinessDay(isoDate: string): boolean;
}

export class UnknownCalendarError extends Error {
  override readonly name = 'UnknownCalendar';
  constructor(readonly calendarId: string) {
    super(`no business calendar ${JSON.stringify(calendarId)} (known: ${calendarIds().join(', ')})`);
  }
}

export class InvalidBusinessDurationError extends Error {
  override readonly name = 'InvalidBusinessDuration';
}

// ---------------------------------------------------------------------------------------------
// Calendars: the files under calendars/ are checked when this module loads, so a malformed one
// stops the Lambda at start-up instead of silently miscounting deadlines.

function checkedDefinition(input: unknown, source: string): CalendarDefinition {
  const definition = parseCalendarDefinition(input, source);
  const problem = missingHolidayDates(definition.publicHolidays, definition.timeZone);
  if (problem) throw new InvalidCalendarError(source, [problem]);
  return definition;
}

const definitions = new Map(
  Object.entries(calendarFiles).map(([file, json]) => {
    const definition = checkedDefinition(json, file);
    const expected = file.replace(/^.*\//, '').replace(/\.json$/, '');
    if (definition.id !== expected) throw new InvalidCalendarError(file, [`id: must be ${expected}, as the file is named`]);
    return [definition.id, definition] as const;
  }),
);
const calendars = new Map<string, BusinessCalendar>();

export function calendarIds(): readonly string[] {
  return [...definitions.keys()].sort();
}

/** The calendar with this id (cached); throws an Error named 'UnknownCalendar' for an unknown id. */
export function businessCalendar(id: string): BusinessCalendar {
  let calendar = calendars.get(id);
  if (!calendar) {
    const definition = definitions.get(id);
    if (!definition) throw new UnknownCalendarError(id);
    calendar = buildCalendar(definition);
    calendars.set(id, calendar);
  }
  return calendar;
}

/** A calendar from a definition that is not one of the files (checked the same way). */
export function calendarFromDefinition(input: unknown, source = 'calendar definition'): BusinessCalendar {
  return buildCalendar(checkedDefinition(input, source));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD date's year and ISO weekday (1 = Monday), by UTC date arithmetic: this runs for
 *  every day of every year laid out. */
function parseIsoDate(isoDate: string): { year: number; weekday: number } {
  const [, year, month, day] = (typeof isoDate === 'string' && ISO_DATE.exec(isoDate)) || [];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (year === undefined || date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
  }
  return { year: date.getUTCFullYear(), weekday: date.getUTCDay() || 7 };
}

function buildCalendar(definition: CalendarDefinition): BusinessCalendar {
  const weekend = new Set(definition.weekend);
  const closures = new Set(definition.extraClosures);
  const worked = new Set(definition.removedHolidays);
  const holidaysOf = publicHolidayDates(definition.publicHolidays, definition.timeZone);
  const holidaysByYear = new Map<number, ReadonlySet<string>>();
  const holidays = (year: number) => {
    let dates = holidaysByYear.get(year);
    if (!dates) holidaysByYear.set(year, (dates = holidaysOf(year)));
    return dates;
  };
  return {
    id: definition.id,
    timeZone: definition.timeZone,
    isBusinessDay(isoDate: string): boolean {
      const date = parseIsoDate(isoDate);
      if (closures.has(isoDate) || weekend.has(date.weekday)) return false;
      return worked.has(isoDate) || !holidays(date.year).has(isoDate);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Counting: each calendar year is laid out once per calendar as its local midnights (as instants)
// and which days are business days, with running counts, so that counting and adding step by
// days over arrays instead of asking the time zone database about every instant. Any
// BusinessCalendar can be laid out: only its zone and isBusinessDay (once a day) are used.

interface YearDays {
  readonly year: number;
  readonly length: number;
  /** starts[i]: the instant day i begins (local midnight); starts[length]: next year's first. */
  readonly starts: Float64Array;
  readonly business: Uint8Array;
  /** before[i]: business days among days 0..i-1; before[length] is the year's total. */
  readonly before: Int32Array;
}

interface Layout {
  readonly zone: string;
  readonly years: Map<number, YearDays>;
}

const layouts = new WeakMap<BusinessCalendar, Layout>();

function layoutOf(calendar: BusinessCalendar): Layout {
  let layout = layouts.get(calendar);
  if (!layout) {
    if (!isValidTimeZone(calendar.timeZone)) throw new RangeError(`calendar ${calendar.id}: unknown time zone ${calendar.timeZone}`);
    layouts.set(calendar, (layout = { zone: calendar.timeZone, years: new Map() }));
  }
  return layout;
}

function yearDays(calendar: BusinessCalendar, year: number): YearDays {
  const layout = layoutOf(calendar);
  let days = layout.years.get(year);
  if (!days) layout.years.set(year, (days = layOut(calendar, layout.zone, year)));
  return days;
}

function layOut(calendar: BusinessCalendar, zone: string, year: number): YearDays {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year ${year} is out of range`);
  const length = Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS);
  const starts = new Float64Array(length + 1);
  const business = new Uint8Array(length);
  const before = new Int32Array(length + 1);
  let offsetMinutes = zoneOffsetMinutes(zone, Date.UTC(year, 0, 1));
  for (let i = 0; i <= length; i++) {
    const wallMidnight = Date.UTC(year, 0, 1 + i);
    // Local midnight is the wall-clock midnight less the zone's offset. The offset changes a few
    // times a year; there, the day's first instant is looked for (after the gap when a DST change
    // skips midnight).
    let start = wallMidnight - offsetMinutes * 60_000;
    if (zoneOffsetMinutes(zone, start) !== offsetMinutes) {
      start = wallClockToInstant(zone, wallMidnight, offsetMinutes);
      offsetMinutes = zoneOffsetMinutes(zone, start);
    }
    starts[i] = start;
    if (i < length) {
      business[i] = calendar.isBusinessDay(new Date(wallMidnight).toISOString().slice(0, 10)) ? 1 : 0;
      before[i + 1] = before[i]! + business[i]!;
    }
  }
  return { year, length, starts, business, before };
}

interface Place {
  readonly days: YearDays;
  readonly index: number;
}

/** The local day an instant falls on. */
function locate(calendar: BusinessCalendar, ms: number): Place {
  const utc = new Date(ms);
  let year = utc.getUTCFullYear();
  // Around New Year the local year may differ from the UTC one.
  if ((utc.getUTCMonth() === 0 && utc.getUTCDate() === 1) || (utc.getUTCMonth() === 11 && utc.getUTCDate() === 31)) {
    year = new Date(ms + zoneOffsetMinutes(layoutOf(calendar).zone, ms) * 60_000).getUTCFullYear();
  }
  const days = yearDays(calendar, year);
  let low = 0;
  let high = days.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (days.starts[middle]! <= ms) low = middle;
    else high = middle - 1;
  }
  return { days, index: low };
}

const dayLength = (place: Place) => place.days.starts[place.index + 1]! - place.days.starts[place.index]!;

// Within a business day of real length `length`, `elapsed` real ms are elapsed × DAY_MS / length
// business ms, rounded down to whole ms; realOffset is its inverse, the first real offset where at
// least `target` business ms have passed. On a 23-hour day some totals fall between two real ms,
// so a deadline there may be one business ms past its target. Whole-number arithmetic: floorDiv
// corrects the float division.
function floorDiv(numerator: number, divisor: number): number {
  let q = Math.floor(numerator / divisor);
  if (q * divisor > numerator) q--;
  else if ((q + 1) * divisor <= numerator) q++;
  return q;
}
const businessOffset = (elapsed: number, length: number) => (length === DAY_MS ? elapsed : floorDiv(elapsed * DAY_MS, length));
const realOffset = (target: number, length: number) => (length === DAY_MS ? target : -floorDiv(-target * length, DAY_MS));

/** Business days strictly after `from`'s day and strictly before `to`'s day. */
function businessDaysBetween(calendar: BusinessCalendar, from: Place, to: Place): number {
  if (from.days.year === to.days.year) return to.days.before[to.index]! - from.days.before[from.index + 1]!;
  let count = from.days.before[from.days.length]! - from.days.before[from.index + 1]! + to.days.before[to.index]!;
  for (let year = from.days.year + 1; year < to.days.year; year++) {
    const days = yearDays(calendar, year);
    count += days.before[days.length]!;
  }
  return count;
}

function instant(date: Date, what: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a valid date`);
  return ms;
}

/** Business time elapsed between two instants, in "business milliseconds": every business day counts
 *  exactly 86,400,000 whatever its real length (DST days are 23 h or 25 h: the fraction of the local day
 *  elapsed is scaled), non-business days count 0. Returns 0 when to <= from. */
export function businessMsBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const start = instant(from, 'from');
  const end = instant(to, 'to');
  if (end <= start) return 0;
  const first = locate(calendar, start);
  const last = locate(calendar, end);
  const sinceMidnight = (place: Place, ms: number) => businessOffset(ms - place.days.starts[place.index]!, dayLength(place));
  const isBusiness = (place: Place) => place.days.business[place.index] === 1;
  if (first.days === last.days && first.index === last.index) {
    return isBusiness(first) ? sinceMidnight(last, end) - sinceMidnight(first, start) : 0;
  }
  const head = isBusiness(first) ? DAY_MS - sinceMidnight(first, start) : 0;
  const tail = isBusiness(last) ? sinceMidnight(last, end) : 0;
  return head + businessDaysBetween(calendar, first, last) * DAY_MS + tail;
}

/** The earliest instant t >= from such that businessMsBetween(calendar, from, t) === ms (ms >= 0).
 *  Starting on a weekend or holiday, the count starts at the next business day's local midnight. */
export function addBusinessMs(calendar: BusinessCalendar, from: Date, ms: number): Date {
  const start = instant(from, 'from');
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`business ms must be a whole number >= 0, not ${ms}`);
  if (ms === 0) return new Date(start);
  let { days, index } = locate(calendar, start);
  let remaining = ms;
  if (days.business[index]) {
    const length = days.starts[index + 1]! - days.starts[index]!;
    const done = businessOffset(start - days.starts[index]!, length);
    if (remaining <= DAY_MS - done) return new Date(days.starts[index]! + realOffset(done + remaining, length));
    remaining -= DAY_MS - done;
  }
  // A calendar closed for a whole year is a broken calendar, not a reason to loop for ever.
  for (let closedInARow = 0; closedInARow <= 366; ) {
    if (++index === days.length) {
      days = yearDays(calendar, days.year + 1);
      index = 0;
    }
    if (!days.business[index]) {
      closedInARow++;
      continue;
    }
    closedInARow = 0;
    if (remaining <= DAY_MS) return new Date(days.starts[index]! + realOffset(remaining, days.starts[index + 1]! - days.starts[index]!));
    remaining -= DAY_MS;
  }
  throw new RangeError(`calendar ${calendar.id} has no business day in a whole year`);
}

/** An ISO 8601 duration read as a business target: days are business days (P7D = 7 × 86,400,000),
 *  hours/minutes as such, weeks = 5 business days; months and years are refused (an Error named
 *  'InvalidBusinessDuration'), as is anything invalid or not positive. */
export function businessDurationMs(iso: string): number {
  const duration = parseIsoDuration(iso);
  if (!duration) throw new InvalidBusinessDurationError(`${JSON.stringify(iso)} is not an ISO 8601 duration such as P10D or PT4H`);
  const { negative, years, months, weeks, days, hours, minutes, seconds } = duration;
  if (years || months) {
    throw new InvalidBusinessDurationError(`${iso}: months and years have no fixed number of business days; give days or weeks`);
  }
  const ms = Math.round((weeks * WEEK_DAYS + days) * DAY_MS + hours * 3_600_000 + minutes * 60_000 + seconds * 1000);
  if (negative || !(ms > 0) || !Number.isSafeInteger(ms)) {
    throw new InvalidBusinessDurationError(`${iso}: a business target must be a positive duration`);
  }
  return ms;
}
